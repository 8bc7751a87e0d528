"""sPyNNaker's ``spynnaker.pyNN.utilities.neo_convertor``: Neo data as numpy tables."""
from spynnaker_backend.readback.neo_convertor import (  # noqa: F401
    convert_analog_signal, convert_data, convert_data_list, convert_v_list,
    convert_gsyn_exc_list, convert_gsyn_inh_list, convert_gsyn, convert_spiketrains,
    convert_spikes, count_spiketrains, count_spikes)
