"""Neo Blocks as the numpy tables sPyNNaker's ``neo_convertor`` gives (its 7.4.1 layout):
spikes as rows ``[neuron index, time (ms)]``, signals as rows ``[neuron index, time (ms),
value]`` grouped by neuron, gsyn as ``[index, time, exc, inh]``."""
import numpy as np
import quantities as pq


def _indices(signal):
    for key in ("channel_index", "source_index"):
        if key in signal.array_annotations:
            return np.asarray(signal.array_annotations[key])
    names = signal.annotations.get("channel_names")
    return np.asarray(names) if names is not None else np.arange(signal.shape[1])


def _segment(data, run):
    if len(data.segments) <= run:
        raise ValueError(f"the data has {len(data.segments)} segment(s): no run {run} "
                         "(run is a zero-based index)")
    return data.segments[run]


def convert_analog_signal(signal_array, time_unit=pq.ms):
    """One AnalogSignal as rows [index, time, value], neuron by neuron."""
    ids = _indices(signal_array)
    times = signal_array.times.rescale(time_unit).magnitude
    values = np.asarray(signal_array.magnitude)
    return np.column_stack((np.repeat(ids, len(times)), np.tile(times, len(ids)),
                            values.T.reshape(-1)))


def convert_data(data, name, run=0):
    """The recording ``name`` ('spikes', 'v', ...) of segment ``run`` as a table."""
    if name == "all":
        raise ValueError("convert_data converts one variable at a time, not 'all'")
    if name == "spikes":
        return convert_spikes(data, run)
    signals = _segment(data, run).filter(name=name)
    if not signals:
        raise ValueError(f"no recording of {name!r} in segment {run}")
    return convert_analog_signal(signals[0])


def convert_data_list(data, name, runs=None):
    """:func:`convert_data` for each of ``runs`` (None: every segment)."""
    runs = range(len(data.segments)) if runs is None else runs
    return [convert_data(data, name, run) for run in runs]


def convert_v_list(data, runs=None):
    return convert_data_list(data, "v", runs)


def convert_gsyn_exc_list(data, runs=None):
    return convert_data_list(data, "gsyn_exc", runs)


def convert_gsyn_inh_list(data, runs=None):
    return convert_data_list(data, "gsyn_inh", runs)


def convert_gsyn(gsyn_exc, gsyn_inh):
    """Rows [index, time, gsyn_exc, gsyn_inh] from the first segments of two Blocks (which
    may be the same Block)."""
    exc = convert_data(gsyn_exc, "gsyn_exc")
    inh = convert_data(gsyn_inh, "gsyn_inh")
    if exc.shape != inh.shape or not np.allclose(exc[:, :2], inh[:, :2]):
        raise ValueError("gsyn_exc and gsyn_inh were not recorded from the same neurons "
                         "at the same times")
    return np.column_stack((exc, inh[:, 2]))


def convert_spiketrains(spiketrains):
    """Rows [index, time (ms)] of a list of SpikeTrains, train by train."""
    if len(spiketrains) == 0:
        return np.empty((0, 2))
    ids = np.concatenate([np.full(len(st), st.annotations["source_index"])
                          for st in spiketrains])
    times = np.concatenate([st.rescale(pq.ms).magnitude for st in spiketrains])
    return np.column_stack((ids, times))


def convert_spikes(neo, run=0):
    """The spikes of segment ``run`` as rows [index, time (ms)]."""
    return convert_spiketrains(_segment(neo, run).spiketrains)


def count_spiketrains(spiketrains):
    return int(sum(len(st) for st in spiketrains))


def count_spikes(neo):
    """Spikes in the first segment."""
    return count_spiketrains(neo.segments[0].spiketrains)
