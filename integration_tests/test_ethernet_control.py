"""EthernetControlPopulation / ExternalDeviceLifControl (sPyNNaker 7.4.1's external_devices):
the neurons' membrane potentials reach a translator on the host as MultiCastCommand(key,
payload), sent by the cores as multicast packets with payload, gathered and forwarded as
EIEIO key + payload packets over loopback UDP.

References: the LIF's closed-form response to a constant current; the same neuron's
recorded potential (a separate path: the recording region), converted to each SendType as
the board's libgcc conversions do (int and uint truncate toward zero; unsigned accum, long
fract and unsigned long fract reinterpret the s16.15 bits shifted left by 1, 16, 17); the
board's schedule (first tick, then every ts ticks).
"""
import threading

import numpy as np
import pytest

import pyNN.spiNNaker as sim
from spynnaker.pyNN.external_devices_models import (
    AbstractEthernetTranslator, AbstractMulticastControllableDevice)
from spynnaker.pyNN.external_devices_models.abstract_multicast_controllable_device import (
    SendType)
from spynnaker_backend.errors import ConfigurationError
from spynnaker_backend.mapping.errors import KeyAllocationError, MappingError

WAIT_S = 60.0   # generous: a loaded 2-core host


class Device(AbstractMulticastControllableDevice):
    def __init__(self, key, every=1, send_type=SendType.SEND_TYPE_ACCUM, lo=-1000.0,
                 hi=1000.0, scale=1.0, first=0):
        self.key, self.every, self.send_type, self.lo, self.hi = key, every, send_type, lo, hi
        self.scale, self.first = scale, first

    device_control_partition_id = property(lambda self: f"device{self.key}")
    device_control_key = property(lambda self: self.key)
    device_control_uses_payload = property(lambda self: self.scale != 0)
    device_control_min_value = property(lambda self: self.lo)
    device_control_max_value = property(lambda self: self.hi)
    device_control_timesteps_between_sending = property(lambda self: self.every)
    device_control_send_type = property(lambda self: self.send_type)
    device_control_scaling_factor = property(lambda self: self.scale)
    device_control_first_send_timestep = property(lambda self: self.first)


class Translator(AbstractEthernetTranslator):
    """Keeps (key, payload) in arrival order; ``done`` is set once ``expected`` arrived."""

    def __init__(self, expected):
        self.packets, self.expected, self.done = [], expected, threading.Event()

    def translate_control_packet(self, multicast_packet):
        self.packets.append((multicast_packet.key, multicast_packet.payload))
        if len(self.packets) >= self.expected:
            self.done.set()

    def by_key(self, key):
        return [p for k, p in self.packets if k == key]


def _raw(v_mv):
    """Recorded potentials (mV) back to the core's s16.15 words (exact: recorded raw)."""
    return np.rint(np.asarray(v_mv, dtype=float) * 32768).astype(np.int64)


def _payload(raw, send_type):
    """The board's payload word (uint32) of s16.15 values ``raw`` (int64)."""
    raw = np.asarray(raw, dtype=np.int64)
    if send_type in (SendType.SEND_TYPE_INT, SendType.SEND_TYPE_UINT):
        words = np.trunc(raw / 32768.0).astype(np.int64)
    else:
        shift = {SendType.SEND_TYPE_ACCUM: 0, SendType.SEND_TYPE_UACCUM: 1,
                 SendType.SEND_TYPE_FRACT: 16, SendType.SEND_TYPE_UFRACT: 17}[send_type]
        words = raw << shift
    return (words & 0xFFFFFFFF).tolist()


def test_voltage_sequence_is_the_lif_response_to_a_constant_current():
    n_ticks, i_offset, tau_m, cm = 60, 0.8, 20.0, 1.0
    translator = Translator(n_ticks)
    sim.setup(timestep=1.0, time_scale_factor=2)
    model = sim.external_devices.ExternalDeviceLifControl(
        devices=[Device(key=0)], create_edges=False, translator=translator,
        i_offset=i_offset, tau_m=tau_m, cm=cm)
    pop = sim.external_devices.EthernetControlPopulation(1, model, label="ctl")
    # another population sends spikes too: its keys must not collide with the device's 0
    src = sim.Population(1, sim.SpikeSourceArray(spike_times=[3.0]), label="src")
    other = sim.Population(1, sim.IF_curr_exp(), label="other")
    sim.Projection(src, other, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
    pop.record("v")
    sim.run(n_ticks)
    report = sim.get_run_report()
    v = np.asarray(pop.get_data("v").segments[0].filter(name="v")[0])[:, 0]
    assert translator.done.wait(WAIT_S)
    sim.end()
    payloads = translator.by_key(0)
    assert len(payloads) == len(translator.packets) == n_ticks   # one per tick, nothing else
    # tick k sends v after its update: v_k = I R (1 - exp(-(k + 1) dt / tau_m))
    k = np.arange(n_ticks)
    closed = i_offset * tau_m / cm * (1 - np.exp(-(k + 1) / tau_m))
    sent = np.asarray(payloads, dtype=np.uint32).view(np.int32) / 32768.0
    assert np.max(np.abs(sent - closed)) < 2e-3   # s16.15 products truncated each tick
    # ... which is what the recording holds one tick later (its sample at n_ticks ms is
    # the potential the last tick left), bit for bit
    assert len(v) == n_ticks + 1
    assert payloads == _payload(_raw(v[1:]), SendType.SEND_TYPE_ACCUM)
    ctl, lpg = report["populations"]["ctl"], report["populations"]["EthernetControlReceiver"]
    assert ctl["packets_sent"] == lpg["packets_received"] == n_ticks
    assert report["dropped_packets"] == 0
    assert report["live"]["translator_failures"] == 0


def test_send_types_schedule_clipping_and_scale():
    n_ticks = 40
    T = SendType
    devices = [
        Device(10, 1, T.SEND_TYPE_INT),                  # negative v: toward zero
        Device(11, 4, T.SEND_TYPE_UINT, first=2),        # ticks 2, 6, 10, ...
        Device(12, 3, T.SEND_TYPE_UACCUM),               # ticks 0, 3, 6, ...
        Device(13, 1, T.SEND_TYPE_FRACT, lo=-0.5, hi=0.5),   # clipped to +-0.5
        Device(14, 5, T.SEND_TYPE_UFRACT, lo=0.0, hi=0.75),
        Device(15, 2, T.SEND_TYPE_ACCUM, scale=2.7),     # the board keeps int(2.7) = 2
        Device(16, 7, T.SEND_TYPE_ACCUM, scale=0.0),     # the key alone (payload 0)
        Device(17, 0, T.SEND_TYPE_ACCUM, first=5),       # once, at tick 5
    ]
    schedule = [[t for t in range(n_ticks) if t >= d.first and (
        (t - d.first) % d.every == 0 if d.every else t == d.first)] for d in devices]
    translator = Translator(sum(map(len, schedule)))
    sim.setup(timestep=1.0, time_scale_factor=2)
    i_offset = [-0.7, 0.9, 0.6, 0.05, 0.02, 0.3, 0.1, 0.5]
    model = sim.external_devices.ExternalDeviceLifControl(
        devices=devices, create_edges=False, translator=translator, i_offset=i_offset)
    pop = sim.external_devices.EthernetControlPopulation(len(devices), model, label="ctl")
    stim = sim.Population(1, sim.SpikeSourceArray(spike_times=[4.0, 9.0]), label="stim")
    sim.Projection(stim, pop, sim.AllToAllConnector(),
                   sim.StaticSynapse(weight=0.5, delay=1.0))   # input through the ring
    pop.record("v")
    sim.run(n_ticks)
    # (sample k + 1 is the potential tick k's update left: what tick k sends)
    v = np.asarray(pop.get_data("v").segments[0].filter(name="v")[0])
    assert translator.done.wait(WAIT_S)
    sim.end()
    assert len(translator.packets) == sum(map(len, schedule))
    for i, (device, ticks) in enumerate(zip(devices, schedule)):
        got = translator.by_key(device.key)
        assert len(got) == len(ticks), (device.key, len(got), ticks)
        if device.scale == 0:
            # a key-only packet: the board's gatherer writes 0 as its EIEIO payload
            assert got == [0] * len(ticks)
            continue
        raw = _raw(v[[t + 1 for t in ticks], i])
        raw = np.clip(raw, int(device.lo * 32768), int(device.hi * 32768)) * int(device.scale)
        assert got == _payload(raw, device.send_type), device.key
    assert np.min(v[:, 0]) < -5.0                      # the int device saw negative values
    assert np.max(np.abs(v[:, 3])) > 0.5               # ... and the fract one was clipped


def test_translator_and_device_errors():
    sim.setup(timestep=1.0)
    ext = sim.external_devices
    with pytest.raises(ConfigurationError, match="no devices"):
        ext.ExternalDeviceLifControl(devices=[], create_edges=False)
    with pytest.raises(ConfigurationError, match="device_control_send_type"):
        ext.ExternalDeviceLifControl(devices=[Device(1, send_type=9)], create_edges=False)
    with pytest.raises(ConfigurationError, match="translator"):
        ext.EthernetControlPopulation(1, ext.ExternalDeviceLifControl(
            devices=[Device(1)], create_edges=False))
    with pytest.raises(ConfigurationError, match="Number of neurons"):
        ext.EthernetControlPopulation(2, ext.ExternalDeviceLifControl(
            devices=[Device(1)], create_edges=False, translator=Translator(1)))
    with pytest.raises(TypeError, match="ExternalDeviceLifControl"):
        ext.EthernetControlPopulation(1, sim.IF_curr_exp())
    sim.end()
    # a device-control population that is not an EthernetControlPopulation sends nowhere
    sim.setup(timestep=1.0)
    sim.Population(1, ext.ExternalDeviceLifControl(devices=[Device(1)], create_edges=False))
    with pytest.raises(MappingError, match="EthernetControlPopulation"):
        sim.run(5)
    sim.end()
    # two devices with one key
    sim.setup(timestep=1.0)
    ext.EthernetControlPopulation(2, ext.ExternalDeviceLifControl(
        devices=[Device(7), Device(7)], create_edges=False, translator=Translator(1)))
    with pytest.raises(KeyAllocationError, match="0x7"):
        sim.run(5)
    sim.end()
