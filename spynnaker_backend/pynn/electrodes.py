"""PyNN's standard current sources, computed on the neuron cores (current_source.h).

A source keeps its parameters in a graph-level :class:`CurrentSource`; ``inject_into`` adds
it to the target populations' vertices with the indices it drives.  Changing a parameter
between runs rewrites the cores' current-source regions without re-mapping.
"""
import numpy as np
from pyNN.parameters import ParameterSpace, Sequence
from pyNN.standardmodels import build_translations, electrodes

from ..graph import CurrentSource
from .simulator import state


class _SpiNNakerCurrentSource:
    """Shared behaviour: parameters in a CurrentSource, injection into vertices."""
    _kind = None

    def __init__(self, **parameters):
        object.__setattr__(self, "_source", CurrentSource(self._kind))
        object.__setattr__(self, "_targets", [])
        object.__setattr__(self, "_recording", False)
        object.__setattr__(self, "_chunks", [])
        rng = parameters.pop("rng", None)
        super().__init__(**parameters)
        ps = ParameterSpace(dict(self.default_parameters), self.get_schema(), shape=(1,))
        ps.update(**parameters)
        self.set_native_parameters(self.translate(ps))
        seed = getattr(rng, "seed", None)
        if seed is None:
            # numbered within this simulation (a re-run script draws the same noise), and
            # mixed with setup's rng_seed when one was given
            seed = 0x5EED + len(state.current_sources) + 1
            if state.graph.rng_seed is not None:
                seed = _mix64(seed ^ _mix64(int(state.graph.rng_seed) & _MASK))
        self._source.seed = int(seed)
        state.current_sources.append(self)

    # -- parameters --------------------------------------------------------------------
    def get_native_parameters(self):
        return ParameterSpace(dict(self._source.parameters))

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        for name, value in parameters.items():
            if isinstance(value, Sequence):
                value = np.asarray(value.value, dtype=np.float64)
            elif isinstance(value, np.ndarray) and value.dtype == object:
                value = np.asarray(value[0].value, dtype=np.float64)
            self._source.parameters[name] = value
        self._check()
        state.graph.parameters_changed = True

    def _check(self):
        p = self._source.parameters
        for name in ("start", "stop"):
            if name in p and not np.all(np.asarray(p[name], dtype=float) >= 0):
                raise ValueError(f"{type(self).__name__}: {name} ({p[name]} ms) is negative; "
                                 "current sources act from t = 0 ms on")
        if "start" in p and "stop" in p and p["stop"] < p["start"]:
            raise ValueError(f"{type(self).__name__}: stop ({p['stop']} ms) is before start "
                             f"({p['start']} ms)")

    # -- injection ---------------------------------------------------------------------
    def inject_into(self, cells):
        """Inject into a Population, PopulationView, Assembly or list of IDs."""
        by_parent = {}
        for cell in cells:
            parent = cell.parent
            if not parent.celltype.injectable:
                raise TypeError(f"can't inject current into a spike source "
                                f"({parent.label!r})")
            by_parent.setdefault(parent, []).append(parent.id_to_index(cell))
        for parent, indices in by_parent.items():
            vertex = parent._vertex
            vertex.current_sources.append((self._source, np.asarray(indices, np.int64)))
            self._targets.append(parent)
        state.graph.parameters_changed = True

    # -- recording (the waveform the cores apply, computed on the host) -----------------
    def record(self):
        object.__setattr__(self, "_recording", True)

    def _ran(self, t0, t1, dt):
        """Called by the simulator after each run from t0 to t1 (ms): keep the waveform
        the cores applied, with the parameters of that run."""
        if self._recording:
            t = np.arange(int(round(t0 / dt)), int(round(t1 / dt)) + 1) * dt
            if self._chunks:   # the end sample of the last run is this run's first
                last_t, last_i = self._chunks[-1]
                self._chunks[-1] = (last_t[:-1], last_i[:-1])
            self._chunks.append((t, self._waveform(t, dt)))

    def _reset(self):
        self._chunks.clear()

    def _get_data(self):
        if not self._recording:
            raise ValueError("current source not recorded: call record() before run()")
        if not self._chunks:
            return np.zeros(1), np.zeros(1)
        return (np.concatenate([c[0] for c in self._chunks]),
                np.concatenate([c[1] for c in self._chunks]))

    def _window(self, t):
        p = self._source.parameters
        return (t >= p.get("start", 0.0) - 1e-9) & (t < p.get("stop", np.inf) - 1e-9)


class DCSource(_SpiNNakerCurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    _kind = "dc"
    translations = build_translations(("amplitude", "amplitude"), ("start", "start"),
                                      ("stop", "stop"))

    def _waveform(self, t, dt):
        return np.where(self._window(t), self._source.parameters["amplitude"], 0.0)


class ACSource(_SpiNNakerCurrentSource, electrodes.ACSource):
    __doc__ = electrodes.ACSource.__doc__
    _kind = "ac"
    translations = build_translations(("amplitude", "amplitude"), ("start", "start"),
                                      ("stop", "stop"), ("frequency", "frequency"),
                                      ("offset", "offset"), ("phase", "phase"))

    def _waveform(self, t, dt):
        p = self._source.parameters
        wave = p["offset"] + p["amplitude"] * np.sin(
            2 * np.pi * p["frequency"] * (t - p["start"]) / 1000.0 + np.radians(p["phase"]))
        return np.where(self._window(t), wave, 0.0)


class StepCurrentSource(_SpiNNakerCurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    _kind = "step"
    translations = build_translations(("amplitudes", "amplitudes"), ("times", "times"))

    def _check(self):
        """Times must be >= 0 and increasing; they are then put on the timestep grid, and
        of several times landing on one grid point the last amplitude is kept."""
        p = self._source.parameters
        times = np.asarray(p.get("times", []), dtype=np.float64)
        amps = np.asarray(p.get("amplitudes", []), dtype=np.float64)
        if len(times) != len(amps):
            raise ValueError(f"StepCurrentSource: {len(times)} times but {len(amps)} "
                             f"amplitudes")
        if np.any(times < 0) or np.any(np.diff(times) <= 0):
            raise ValueError("StepCurrentSource: times must be >= 0 and increasing")
        ticks = np.rint(times / state.dt)
        last = np.append(ticks[1:] != ticks[:-1], True) if len(ticks) else np.zeros(0, bool)
        p["times"] = ticks[last] * state.dt
        p["amplitudes"] = amps[last]

    def _waveform(self, t, dt):
        p = self._source.parameters
        ticks = np.rint(np.asarray(p["times"]) / dt)
        k = np.searchsorted(ticks, np.rint(t / dt), side="right") - 1
        amps = np.asarray(p["amplitudes"], dtype=np.float64)
        return np.where(k >= 0, amps[np.maximum(k, 0)] if len(amps) else 0.0, 0.0)


class NoisyCurrentSource(_SpiNNakerCurrentSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__
    _kind = "noisy"
    translations = build_translations(("mean", "mean"), ("stdev", "stdev"), ("dt", "dt"),
                                      ("start", "start"), ("stop", "stop"))

    def __init__(self, **parameters):
        parameters.setdefault("dt", state.dt)
        super().__init__(**parameters)

    def _check(self):
        super()._check()
        ratio = self._source.parameters["dt"] / state.dt
        if abs(ratio - round(ratio)) > 1e-6 or round(ratio) < 1:
            raise ValueError(f"NoisyCurrentSource: dt = {self._source.parameters['dt']} ms "
                             f"must be a multiple of the timestep {state.dt} ms")

    def _waveform(self, t, dt):
        """The noise the core gives the first neuron this source injects into (each target
        has its own noise), recomputed bit for bit from the counter-based generator."""
        p = self._source.parameters
        if not self._targets:
            return np.zeros(len(t))
        vertex = self._targets[0]._vertex
        first = int(next(ix for src, ix in vertex.current_sources if src is self._source)[0])
        start = int(np.ceil(p["start"] / dt - 1e-9))
        interval = max(1, int(round(p["dt"] / dt)))
        stream = _mix64(self._source.seed ^ _mix64(((first + 1) * _GAMMA) & _MASK))
        ticks = np.rint(t / dt).astype(np.int64)
        out = np.zeros(len(t))
        cache = {}
        for n, k in enumerate(ticks):
            if not self._window(t[n:n + 1])[0]:
                continue
            sample = int(k - start) // interval
            if sample not in cache:
                total = sum(_uniform32(stream, sample * 12 + d) >> 16 for d in range(12))
                g = (total - 6 * 65536 + 1) >> 1                  # s16.15
                stdev = int(np.rint(p["stdev"] * 2 ** 23))          # s8.23 nA
                mean = int(np.rint(p["mean"] * 2 ** 23))
                cache[sample] = (mean + ((stdev * g + (1 << 14)) >> 15)) / 2 ** 23
            out[n] = cache[sample]
        return out


_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15


def _mix64(z):
    """splitmix64's mixer (neural_modelling/include/random.h), on Python integers."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _uniform32(stream, counter):
    return _mix64((stream + (counter + 1) * _GAMMA) & _MASK) >> 32
