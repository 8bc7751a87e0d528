"""Fixtures for the PyNN layer tests."""
import numpy as np
import pytest


@pytest.fixture
def sim():
    """``pyNN.spiNNaker`` after a fresh ``setup(timestep=1.0)``; ``end()`` afterwards."""
    import pyNN.spiNNaker as sim
    sim.setup(timestep=1.0)
    yield sim
    sim.end()


@pytest.fixture
def fake_run(monkeypatch):
    """Replace the machine run by one that advances time and serves given data.

    Call ``fake_run(t, spikes={vertex: (indices, times)}, signals={(vertex, var): array})``.
    """
    from spynnaker_backend.pynn import simulator
    state = simulator.state

    def run(t, spikes=None, signals=None):
        spikes, signals = spikes or {}, signals or {}
        monkeypatch.setattr(state, "spikes", lambda v: tuple(
            np.asarray(a) for a in spikes.get(v, (np.zeros(0, int), np.zeros(0)))))
        monkeypatch.setattr(state, "signal", lambda v, name: np.asarray(signals[(v, name)]))
        monkeypatch.setattr(state, "signal_chunks",
                            lambda v, name: [np.asarray(signals[(v, name)], dtype=float)])
        monkeypatch.setattr(state, "clear_data", lambda v, name=None: None)

        def run_until(tstop):
            state.t = tstop
            state.running = True
        monkeypatch.setattr(state, "run_until", run_until)
        import pyNN.spiNNaker as sim
        sim.run(t)
    return run
