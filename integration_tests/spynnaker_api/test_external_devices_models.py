"""spynnaker.pyNN.external_devices_models: the interfaces the live I/O tutorial implements
(its TestDevice and TestTranslator), SendType's values as sPyNNaker 7.4.1 numbers them, and
ExternalDeviceLifControl built from them (integration_tests/test_ethernet_control.py runs it)."""
import pytest

import spynnaker.pyNN as sim
from spynnaker.pyNN.external_devices_models import (
    AbstractEthernetTranslator, AbstractMulticastControllableDevice)
from spynnaker.pyNN.external_devices_models.abstract_multicast_controllable_device import (
    SendType)


class TutorialDevice(AbstractMulticastControllableDevice):
    """The tutorial's device (SpiNNakerJupyterExamples 02, task 4)."""
    device_control_partition_id = property(lambda self: "Test")
    device_control_key = property(lambda self: 0)
    device_control_uses_payload = property(lambda self: True)
    device_control_min_value = property(lambda self: -50)
    device_control_max_value = property(lambda self: 50)
    device_control_timesteps_between_sending = property(lambda self: 5)
    device_control_send_type = property(lambda self: SendType.SEND_TYPE_UINT)
    device_control_scaling_factor = property(lambda self: 1.0)


class TutorialTranslator(AbstractEthernetTranslator):
    def translate_control_packet(self, packet):
        return packet


def test_interfaces_as_the_tutorial_uses_them():
    device = TutorialDevice()
    assert device.device_control_first_send_timestep == 0
    assert TutorialTranslator().translate_control_packet("p") == "p"
    # an interface with a property left out is still abstract, as in 7.4.1
    with pytest.raises(TypeError):
        type("Half", (AbstractMulticastControllableDevice,), {})()
    with pytest.raises(TypeError):
        AbstractEthernetTranslator()


def test_send_type_values_are_741s():
    # sPyNNaker 7.4.1 abstract_multicast_controllable_device.py: INT 0, UINT 1, ACCUM 2,
    # UACCUM 3, FRACT 4, UFRACT 5 (the core code switches on these numbers)
    assert [(t.name, t.value) for t in SendType] == [
        ("SEND_TYPE_INT", 0), ("SEND_TYPE_UINT", 1), ("SEND_TYPE_ACCUM", 2),
        ("SEND_TYPE_UACCUM", 3), ("SEND_TYPE_FRACT", 4), ("SEND_TYPE_UFRACT", 5)]


def test_lif_control_takes_the_tutorials_device_and_translator():
    import spynnaker.pyNN.external_devices_models as models
    assert models.ExternalDeviceLifControl is sim.external_devices.ExternalDeviceLifControl
    translator = TutorialTranslator()
    model = sim.external_devices.ExternalDeviceLifControl(
        devices=[TutorialDevice()], create_edges=False, translator=translator)
    assert model.get_message_translator() is translator
    assert model.get_outgoing_partition_ids() == ["Test"]
    # the device's properties become the neuron's parameters (7.4.1's names)
    values = {name: model.parameter_space[name].base_value
              for name in ("key", "min", "max", "ts_inter_send", "type", "scale")}
    assert {k: list(v) for k, v in values.items()} == {
        "key": [0.0], "min": [-50.0], "max": [50.0], "ts_inter_send": [5.0],
        "type": [1.0], "scale": [1.0]}
