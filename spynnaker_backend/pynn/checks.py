"""Checks of a user's arguments, made at the call that takes them (before anything is mapped
or run).  Each error names the culprit (the population, projection, connector or argument),
what is allowed and the fix, as spynnaker_backend.errors asks."""
import math
import os
from numbers import Integral, Real

import numpy as np
from pyNN import connectors as pc, errors

from ..errors import ConfigurationError

#: The largest weight (nA, or uS for conductances) one synapse can carry: the ring buffers'
#: 16-bit units at the largest left shift (15, one unit = 2^0 of s16.15) hold 65535.
MAX_WEIGHT = float(0xFFFF)


def positive_int(value, what, fix, minimum=1):
    """``value`` as an int >= ``minimum``, or a ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        from ..errors import InvalidValueError
        raise InvalidValueError(f"{what} must be a whole number >= {minimum}, not {value!r}. "
                                f"{fix}")
    return int(value)


def run_time(value, what="run()"):
    """A run length or end time in ms: a finite number."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{what}: the time must be a finite number of ms, not {value!r}")
    return float(value)


def population_args(size, cellclass):
    """The size and cell type given to Population()."""
    from pyNN.models import BaseCellType
    if isinstance(size, (tuple, list)):
        if not size or not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0
                               for s in size):
            raise ValueError(f"Population(): size {size!r} must be whole numbers >= 1 (one "
                             "per dimension)")
    elif not (isinstance(size, (float, np.floating)) and np.isfinite(size) and
              round(size) >= 1 and abs(size - round(size)) < 0.001):
        # (a float within 0.001 of a whole number is rounded with a warning, as sPyNNaker)
        positive_int(size, "Population(): size (the number of neurons)",
                     "Give e.g. Population(100, sim.IF_curr_exp()).")
    if not (isinstance(cellclass, BaseCellType) or
            (isinstance(cellclass, type) and issubclass(cellclass, BaseCellType))):
        raise TypeError(f"Population(): cell type {cellclass!r} is not a cell type; give "
                        "one such as sim.IF_curr_exp() (the class or an instance), not a "
                        "string")


#: File suffixes PyNN's recording.get_io writes (Neo IOs)
DATA_SUFFIXES = (".pkl", ".pickle", ".nix", ".h5", ".nwb", ".mat")


def output_file(filename, what):
    """A data file name PyNN can write (by its suffix); checked when it is given, not when
    the data are written at end()."""
    if not isinstance(filename, (str, os.PathLike)):
        return
    suffix = os.path.splitext(os.fspath(filename))[1]
    if suffix not in DATA_SUFFIXES:
        raise ValueError(f"{what}: cannot write recorded data to {os.fspath(filename)!r}: "
                         f"the suffix {suffix or '(none)'!r} is not one of {DATA_SUFFIXES} "
                         "(Neo's formats); e.g. 'results.pkl'")


def _count(connector, name, value, projection):
    """A connection count: a whole number >= 0 (PyNN draws full sets first when it exceeds
    the population without replacement, so there is no upper bound)."""
    if isinstance(value, (Integral, Real)) and not isinstance(value, bool):
        if value < 0 or value != int(value):
            raise errors.ConnectionError(
                f"projection {projection.label!r}: {type(connector).__name__}({name}={value!r})"
                f": {name} must be a whole number >= 0")


def connector(connector, projection):
    """Connector parameters that no network can satisfy."""
    name = type(connector).__name__
    label = projection.label
    if isinstance(connector, pc.FixedProbabilityConnector):
        p = connector.p_connect
        if not isinstance(p, Real) or not 0.0 <= p <= 1.0:
            raise errors.ConnectionError(
                f"projection {label!r}: {name}(p_connect={p!r}): a probability must be in "
                "[0, 1] (e.g. 0.1 for 10 % of the pairs)")
    elif isinstance(connector, (pc.FixedNumberPreConnector, pc.FixedNumberPostConnector,
                                pc.FixedTotalNumberConnector)):
        _count(connector, "n", connector.n, projection)
    elif isinstance(connector, pc.FromListConnector):
        _from_list(connector, projection)


def _from_list(connector, projection):
    if not hasattr(connector, "conn_list"):
        return   # a FromFileConnector reads its file when it connects
    conns = np.asarray(connector.conn_list, dtype=float)
    if conns.size == 0:
        return
    if conns.ndim != 2 or conns.shape[1] < 2:
        raise errors.ConnectionError(
            f"projection {projection.label!r}: FromListConnector wants rows of (pre, post"
            "[, weight, delay]), not an array of shape {conns.shape}")
    for column, side, population in ((0, "pre", projection.pre), (1, "post", projection.post)):
        idx = conns[:, column].astype(float)
        bad = (idx < 0) | (idx >= population.size) | (idx != np.floor(idx))
        if np.any(bad):
            row = int(np.argmax(bad))
            raise errors.ConnectionError(
                f"projection {projection.label!r}: FromListConnector row {row} names "
                f"{side}synaptic neuron {conns[row, column]:g}, but {population.label!r} "
                f"has neurons 0..{population.size - 1}")


def weights(values, projection):
    """Weights the ring buffers cannot hold at any shift (checked at Projection())."""
    w = np.abs(np.asarray(values, dtype=float))
    if len(w) and np.nanmax(w) > MAX_WEIGHT + 0.5:
        raise errors.ConnectionError(
            f"projection {projection.label!r}: weight {float(np.nanmax(w)):g} is above the "
            f"largest a synapse can carry ({MAX_WEIGHT:g} {_unit(projection)}: 16-bit weights "
            "at the ring buffers' largest shift); use smaller weights (and more synapses)")


def _unit(projection):
    return "uS" if projection.post.conductance_based else "nA"


def delays(values, projection):
    """Delays that are not numbers (the range is checked by Projection._check)."""
    d = np.asarray(values, dtype=float)
    if len(d) and not np.all(np.isfinite(d)):
        raise errors.ConnectionError(
            f"projection {projection.label!r}: delays must be finite numbers of ms")


def setup_extras(extra):
    """setup() keywords with a range (threads, machine size)."""
    fixes = {"threads": "Give the number of host threads (e.g. threads=2) or leave it out.",
             "n_chips_required": "Give the number of chips, or leave it out.",
             "n_boards_required": "Give the number of boards, or leave it out."}
    for name, fix in fixes.items():
        if extra.get(name) is not None:
            positive_int(extra[name], f"setup(): {name}", fix)
    seed = extra.get("rng_seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)
                             or seed < 0):
        raise ValueError(f"setup(): rng_seed must be a whole number >= 0, not {seed!r}. "
                         "Give e.g. rng_seed=42, or leave it out.")
    tsf = extra.get("time_scale_factor")
    if tsf is not None and (isinstance(tsf, bool) or not isinstance(tsf, Real) or
                            not math.isfinite(tsf) or tsf <= 0):
        raise ValueError(f"setup(): time_scale_factor must be a number > 0, not {tsf!r}")


def unrecorded(population, variables):
    """get_data()/get_spike_counts() of variables the population did not record."""
    from pyNN.core import is_listlike
    if variables in (None, "all"):
        return
    names = [variables] if isinstance(variables, str) else list(variables) \
        if is_listlike(variables) else [variables]
    recordable = list(population.celltype.recordable)
    recorder = population.recorder
    if getattr(recorder, "_lenient", False):
        return   # an Assembly's member: the Assembly raises if no member recorded it
    recorded = {v.name if hasattr(v, "name") else str(v) for v in recorder.recorded}
    recorded |= set(getattr(recorder, "_ever_recorded", ()))
    for name in names:
        name = getattr(name, "name", name)
        if name not in recordable:
            raise ValueError(f"{population.label!r} cannot record {name!r}: its cells "
                             f"({type(population.celltype).__name__}) record {recordable}")
        if name not in recorded:
            raise not_recorded(population.label, [name], recorded)


def not_recorded(label, missing, recorded):
    """The error for variables never recorded (one message for every path that asks)."""
    from ..errors import NotRecordedError
    return NotRecordedError(
        f"{label!r} did not record {', '.join(map(repr, missing))} (recorded: "
        f"{sorted(recorded) or 'nothing'}); call {label}.record({missing[0]!r}) before "
        f"sim.run() ({'it was' if len(missing) == 1 else 'they were'} never recorded)")


def stop_condition(vertex, dt):
    """A stop condition the cores can evaluate (the region builder's own check)."""
    from ..mapping.pipeline import check_stop_condition
    try:
        check_stop_condition(vertex, dt)
    except Exception as err:   # MappingError: the message names the population
        raise ConfigurationError(f"{err}. Fix: e.g. stop_condition='spike' or 'v > -50.0'") \
            from None
