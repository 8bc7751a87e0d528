"""PyNN cell types, one per model spec in :data:`spynnaker_backend.models.REGISTRY`.

A spec whose name is a PyNN standard model (``IF_curr_exp``, ``SpikeSourceArray``, ...) gets a
subclass of that ``pyNN.standardmodels.cells`` class; any other spec (``IF_curr_delta``, ...)
gets a class built from the spec alone and is offered in ``extra_models``.  Translations are
the identity because specs use PyNN's names and units; the spec stays the single source of
truth, so adding a model to the registry is enough to make it available here.
"""
import warnings

import numpy as np
from pyNN import errors
from pyNN.parameters import ArrayParameter, Sequence
from pyNN.standardmodels import StandardCellType, build_translations, cells as std_cells

from ..models import REGISTRY, ModelSpec
from ..models.gif_cond_exp import KERNEL_PARAMETERS, check_gif
from ..models.spike_source_poisson import check_bins

#: Parameters that must be strictly positive (time constants, capacitance).
_POSITIVE = ("cm", "tau_m", "tau_syn_E", "tau_syn_I", "tau_syn", "tau_w", "tau_ca2",
             "tau_sra", "tau_rr", "du_th", "tau_th", "tau_sfa")
#: Parameters that must not be negative.
_NON_NEGATIVE = ("tau_refrac", "rate", "start", "duration", "beta", "gbar_Na", "gbar_K",
                 "g_leak", "q_sfa", "q_rr")


def spec_for(celltype) -> ModelSpec:
    """The model spec behind a cell type (instance or class).

    Raises
    ------
    NotImplementedError
        If the cell type has no spec (a PyNN model this backend cannot run).
    """
    composed = getattr(celltype, "model_spec", None)   # a PointNeuron instance
    if isinstance(composed, ModelSpec):
        return composed
    name = getattr(celltype, "spec_name", None)
    if name is None:
        name = celltype.__name__ if isinstance(celltype, type) else type(celltype).__name__
    try:
        return REGISTRY[name]
    except KeyError:
        raise NotImplementedError(
            f"cell type {name!r} is not supported by pyNN.spiNNaker; supported: "
            f"{sorted(REGISTRY)}") from None


def check_parameter_values(values, celltype_name, population=None):
    """Raise if evaluated native parameter values are not ones the model can run.

    Parameters
    ----------
    values : dict of str to numpy.ndarray or float
        Parameters in the spec's host names and PyNN units (possibly only some of them).
    celltype_name : str
        For the error message.
    population : str, optional
        The population's label, for the error message.

    Raises
    ------
    pyNN.errors.InvalidParameterValueError
        Naming the first offending parameter.
    """
    spec = REGISTRY.get(celltype_name)
    sequences = spec.sequence_parameters if spec is not None else ()

    def bad(name, why, value):
        where = f"population {population!r} ({celltype_name})" if population else celltype_name
        raise errors.InvalidParameterValueError(
            f"{where}: parameter {name!r} {why} (got {value!r})")

    if celltype_name == "SpikeSourceInhGamma" and {"a", "b", "tbins"} <= set(values):
        for a, b, t in zip(*(_per_neuron(values[k]) for k in ("a", "b", "tbins"))):
            problem = check_bins(a, b, t)
            if problem is not None:
                bad(*problem, {"a": a, "b": b, "tbins": t}[problem[0]])
    if celltype_name == "GIF_cond_exp":
        problem = check_gif(values)
        if problem is not None:
            bad(*problem)
    for name, value in values.items():
        if name in KERNEL_PARAMETERS or (celltype_name == "SpikeSourceInhGamma" and
                                         name in ("a", "b", "tbins")):
            continue   # (check_gif, check_bins)
        if name in sequences:
            for times in np.atleast_1d(np.asarray(value, dtype=object)):
                t = np.asarray(getattr(times, "value", times), dtype=float)
                if t.size and (not np.all(np.isfinite(t)) or t.min() < 0):
                    bad(name, "must hold finite times >= 0 ms" if name != "rates" else
                        "must hold finite rates >= 0 Hz", t)
                if name == "starts" and np.any(np.diff(t.ravel()) <= 0):
                    bad(name, "must be in increasing order (one rate segment after the "
                        "other)", t)
                if name == "spike_times" and np.any(np.diff(t.ravel()) < 0):
                    # PyNN's rule (its issue 511); sPyNNaker 7.4.1 sorts them instead
                    bad(name, "must be in increasing order (PyNN's rule; sPyNNaker would "
                        "sort them: pass sorted(times))", t)
            continue
        arr = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(arr)):
            bad(name, "must be finite", value)
        stem = name.rsplit(".", 1)[-1]   # a receptor's parameter: 'AMPA.tau_syn'
        if stem in _POSITIVE and np.any(arr <= 0):
            bad(name, "must be > 0", arr[arr <= 0].ravel()[0])
        if stem in _NON_NEGATIVE and np.any(arr < 0):
            bad(name, "must be >= 0", arr[arr < 0].ravel()[0])
    if "alpha" in values and celltype_name == "SpikeSourceGamma":
        alpha = np.asarray(values["alpha"], dtype=float)
        if np.any(alpha != np.rint(alpha)) or np.any(alpha < 1):
            bad("alpha", "must be a whole number >= 1 (the gamma process's phases per "
                "interval, as NEST's gamma_sup_generator requires)", values["alpha"])
    if "p_thresh" in values:
        p = np.asarray(values["p_thresh"], dtype=float)
        if np.any((p < 0) | (p > 1)):
            bad("p_thresh", "must be a probability in [0, 1]", values["p_thresh"])
    # (a stochastic threshold is soft: a reset at or above it is a valid model)
    if "v_reset" in values and "v_thresh" in values and celltype_name not in _SEEDED:
        reset = np.asarray(values["v_reset"], dtype=float)
        thresh = np.asarray(values["v_thresh"], dtype=float)
        if np.any(reset >= thresh):
            bad("v_reset", "must be below v_thresh", values["v_reset"])


def _per_neuron(value):
    """One float array per neuron of a sequence parameter (one Sequence for all: one item)."""
    value = getattr(value, "value", value)
    arr = np.asarray(value, dtype=object)
    if arr.dtype == object and arr.ndim == 1 and len(arr) and np.iterable(arr[0]):
        return [np.asarray(getattr(v, "value", v), dtype=float).ravel() for v in arr]
    return [np.asarray(value, dtype=float).ravel()]


def _known_values(parameter_space):
    """The values of a ParameterSpace that are known without a shape (numbers, arrays)."""
    known = {}
    for name in parameter_space.keys():
        base = parameter_space[name].base_value
        if isinstance(base, (int, float, np.integer, np.floating, ArrayParameter)):
            known[name] = base
        elif isinstance(base, np.ndarray) and base.dtype != object:
            known[name] = base
    return known


#: sPyNNaker's Izhikevich has exponential current synapses; PyNN's (ours) has delta
#: synapses, so these parameters have no meaning here (see docs/compatibility.md).
_IZHIKEVICH_SPYNNAKER_ONLY = ("tau_syn_E", "tau_syn_I")


class _SpecCellMixin:
    """Behaviour shared by every cell type backed by a model spec.

    sPyNNaker 7.4.1 compatibility: state variables may be given with the parameters
    (``IF_curr_exp(v=-70.0, isyn_exc=0.1)``, ``Izhikevich(u=-14.0)``) and become the
    cells' initial values; a SpikeSourceArray takes its spike times positionally.  Unsorted
    spike times stay an error (PyNN's rule; sPyNNaker sorts them).
    """
    spec_name = None

    def __init__(self, *args, **parameters):
        spec = REGISTRY[self.spec_name]
        if args:
            if spec.name != "SpikeSourceArray" or len(args) > 1 or "spike_times" in parameters:
                raise TypeError(f"{spec.name}() takes its parameters as keywords, "
                                f"not {len(args)} positional argument(s)")
            parameters["spike_times"] = args[0]
        initial = {name: parameters.pop(name) for name in list(parameters)
                   if name in spec.host_state and name not in spec.host_parameters}
        if spec.name == "Izhikevich":
            ignored = [n for n in _IZHIKEVICH_SPYNNAKER_ONLY if n in parameters]
            for name in ignored:
                parameters.pop(name)
            if ignored:
                warnings.warn(
                    f"Izhikevich: {ignored} ignored: this Izhikevich is PyNN's standard "
                    "model, whose synapses are Dirac deltas (a weight is a jump of v in mV); "
                    "sPyNNaker's has exponential current synapses", stacklevel=3)
        super().__init__(**parameters)
        if initial:
            # an instance attribute: PyNN's Population initialises its cells from it
            self.default_initial_values = {**type(self).default_initial_values, **initial}
        # RandomDistributions and functions are checked when the population evaluates them
        check_parameter_values(_known_values(self.parameter_space), type(self).__name__)

    @property
    def spec(self) -> ModelSpec:
        return REGISTRY[self.spec_name]


def _poisson_init(self, max_rate=None, **parameters):
    """SpikeSourcePoisson(rate, start, duration, max_rate=None): ``max_rate`` (Hz, as in
    sPyNNaker) is the highest rate the source will be given; its spike recording is sized
    for it (or for the current rates when they are higher)."""
    _SpecCellMixin.__init__(self, **parameters)
    if max_rate is not None and (not np.isfinite(max_rate) or max_rate < 0):
        raise errors.InvalidParameterValueError(
            f"SpikeSourcePoisson: max_rate must be a finite rate >= 0 Hz (got {max_rate!r})")
    self.max_rate = max_rate


def _seeded_init(self, seed=None, **parameters):
    """A stochastic cell type takes sPyNNaker's ``seed`` (int or None): the seed of its
    neurons' random streams, used unless the Population is given its own ``seed``."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise errors.InvalidParameterValueError(
            f"{self.spec_name}: seed must be a whole number >= 0 or None (got {seed!r})")
    if "v_init" in parameters:   # StocExpStable's name of its initial v
        parameters["v"] = parameters.pop("v_init")
    _SpecCellMixin.__init__(self, **parameters)
    self.seed = None if seed is None else int(seed)


#: Models whose neurons draw random numbers on the cores (stochastic thresholds).
_SEEDED = ("IFCondExpStoc", "IFCurrDeltaFixedProb", "StocExp", "StocExpStable", "StocSigma",
           "GIF_cond_exp")


def _segments(name, value):
    """sPyNNaker's form of a segment parameter -- one list for every neuron, or a list per
    neuron -- as a PyNN value: a Sequence, or one Sequence per neuron."""
    if isinstance(value, Sequence):
        return value
    items = list(value.tolist() if isinstance(value, np.ndarray) else value)
    if items and all(np.iterable(v) and not isinstance(v, str) for v in items):
        return [v if isinstance(v, Sequence) else Sequence(np.asarray(v, dtype=float))
                for v in items]
    if any(np.iterable(v) for v in items):
        raise errors.InvalidParameterValueError(
            f"SpikeSourcePoissonVariable: {name} must be one list of numbers for every "
            f"neuron or one list per neuron (got {value!r})")
    return Sequence(np.asarray(items, dtype=float))


def _poisson_variable_init(self, rates, starts, durations=None):
    """SpikeSourcePoissonVariable(rates, starts, durations=None), as in sPyNNaker 7.4.1:
    neuron i fires at rates[k] Hz from starts[k] ms for durations[k] ms (forever when
    ``durations`` is None; a segment also ends where the next starts), silent before its
    first segment and between segments.  Each argument is one list for every neuron or a
    list per neuron, of one length per neuron."""
    parameters = {"rates": _segments("rates", rates), "starts": _segments("starts", starts)}
    if durations is not None:
        parameters["durations"] = _segments("durations", durations)
    _SpecCellMixin.__init__(self, **parameters)


def _units(spec):
    units = {name: unit for name, (_, unit) in spec.host_parameters.items()}
    units.update({name: unit for name, (_, unit) in spec.host_state.items()})
    units.update({rec.name: rec.unit for rec in spec.channels})
    return units


def _make_cell_class(spec):
    """A PyNN cell-type class for one spec."""
    translations = build_translations(*[(name, name) for name in spec.host_parameters])
    attributes = {
        "__module__": __name__,
        "spec_name": spec.name,
        "translations": translations,
        "recordable": list(spec.recordable_names),
        "units": _units(spec),
        "conductance_based": spec.conductance_based,
        "receptor_types": tuple(spec.synapse_types),
        "default_initial_values": {n: d for n, (d, _) in spec.host_state.items()},
    }
    base = getattr(std_cells, spec.name, None)
    if isinstance(base, type) and issubclass(base, StandardCellType):
        attributes["__doc__"] = base.__doc__
        unknown = set(base.default_parameters) - set(spec.host_parameters)
        if unknown:
            raise ValueError(f"spec {spec.name} lacks PyNN parameters {sorted(unknown)}")
    else:
        base = StandardCellType
        defaults = {}
        for name, (default, _) in spec.host_parameters.items():
            defaults[name] = Sequence(default) if isinstance(default, list) else default
        attributes["default_parameters"] = defaults
        attributes["__doc__"] = f"{spec.name} (sPyNNaker extra model, binary {spec.binary})."
    if spec.is_source:
        attributes["injectable"] = False
    if spec.name in _SEEDED:
        attributes["__init__"] = _seeded_init
        attributes["seed"] = None
    if spec.name == "SpikeSourcePoissonVariable":
        attributes["__init__"] = _poisson_variable_init
    if spec.name == "SpikeSourcePoisson":
        attributes["__init__"] = _poisson_init
        attributes["max_rate"] = None
    return type(spec.name, (_SpecCellMixin, base), attributes)


def _build_all():
    standard, extra, device = {}, {}, {}
    for spec in REGISTRY.values():
        cls = _make_cell_class(spec)
        if spec.device:
            device[spec.name] = cls
            continue
        target = standard if isinstance(getattr(std_cells, spec.name, None), type) else extra
        target[spec.name] = cls
    return standard, extra, device


#: Cell types that are PyNN standard models, by name.
#: Extra (non-PyNN) models, by name; exported as ``spynnaker.pyNN.extra_models``.
#: Live I/O devices (SpikeInjector), by name; offered by ``external_devices``.
STANDARD_CELL_TYPES, EXTRA_CELL_TYPES, DEVICE_CELL_TYPES = _build_all()
globals().update(STANDARD_CELL_TYPES)
globals().update(EXTRA_CELL_TYPES)

__all__ = sorted(STANDARD_CELL_TYPES)
