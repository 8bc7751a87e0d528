"""Synapse-rule parameters given per connection: TsodyksMarkramSynapse's U, tau_rec and
tau_facil, SimpleStochasticSynapse's p, STDPMechanism's timing and weight-dependence
parameters (PyNN allows them to differ between the connections of one projection, and reads
them back).

A Tsodyks-Markram state (u, x, y) depends only on its parameters and on its pre-synaptic
spikes, so the connections of one pre neuron that share (U, tau_rec, tau_facil) share one
state exactly; a stochastic synapse's draw depends on its own neurons and tick, not on its
neighbours; an STDP synapse's weight on its own pre and post spikes.  The cores keep one rule per edge: a projection is split into one edge per
(vertex pair, distinct parameter set), each with a homogeneous rule.  The values as given
are kept (float64, per connection) for ``get``; the cores run them in their fixed point.
The synapse type names its per-connection parameters (``PER_CONNECTION``) and checks their
values (``check_values``).
"""
import dataclasses

import numpy as np
from pyNN import errors

from .plasticity import STP_PARAMETERS, TsodyksMarkramSynapse

__all__ = ["STP_PARAMETERS", "MAX_STP_RULES", "batch", "columns", "split", "check_count",
           "with_params"]

#: distinct (U, tau_rec, tau_facil) triples one projection may have (each is a rule, with
#: its own rows and decay tables, on every core it reaches)
MAX_STP_RULES = 256


def with_params(rule, values):
    """``rule`` with the parameters ``values`` (name: float) replaced, each in the timing or
    the weight-dependence part it belongs to."""
    timing, weight = dict(rule.timing_params), dict(rule.weight_params)
    for name, value in values.items():
        (weight if name in weight else timing)[name] = value
    return dataclasses.replace(rule, timing_params=tuple(sorted(timing.items())),
                               weight_params=tuple(sorted(weight.items())))


def batch(connection_parameters, n, names=STP_PARAMETERS):
    """The values of the rule parameters ``names`` PyNN's connector passed for one post
    neuron (the synapse type's, or a FromListConnector's columns)."""
    return {name: np.broadcast_to(np.asarray(connection_parameters[name], float), (n,))
            for name in names if name in connection_parameters}


def columns(projection, rule, batches, n, names=STP_PARAMETERS,
            check=TsodyksMarkramSynapse.check_values):
    """(rule, {name: float64 per connection} or None): the parameters that differ between
    connections, checked; one that is one number after all goes into the rule."""
    if not batches:   # connected in bulk: the synapse type's values, one number each
        return rule, None
    out = {}
    for name in names:
        parts = [b[name] for b in batches if name in b]
        if not parts:
            continue
        values = np.concatenate(parts)
        if len(values) != n:
            raise errors.ConnectionError(
                f"projection {projection.label!r}: the connector gave {name} for "
                f"{len(values)} of {n} connections")
        out[name] = values
    check(out, f"projection {projection.label!r}")
    params = {}
    for name in list(out):
        if len(out[name]) and np.all(out[name] == out[name][0]):
            params[name] = float(out.pop(name)[0])
    return with_params(rule, params), (out or None)


def split(rule, values, positions, label, names=STP_PARAMETERS):
    """[(rule, positions, label)] for the connections at ``positions`` (an index array or a
    slice): one per distinct parameter set; ``values`` None: the projection's rule."""
    if values is None:
        return [(rule, positions, label)]
    n = len(next(iter(values.values())))
    positions = np.arange(n)[positions] if isinstance(positions, slice) else positions
    fixed = rule.params
    # values the target cells give (Tsodyks-Markram's tau_psc) split the rule as well
    names = tuple(names) + tuple(name for name in values if name not in names)
    table = np.stack([np.asarray(values[name], float)[positions] if name in values
                      else np.full(len(positions), fixed[name]) for name in names],
                     axis=1)
    triples, which = np.unique(table, axis=0, return_inverse=True)
    which = which.ravel()
    out = []
    # the label names every parameter of a short list, else those that differ
    shown = names if len(names) <= 3 else [name for name in names if name in values and
                                           np.ptp(np.asarray(values[name])[positions]) > 0]
    for k, triple in enumerate(triples):
        sub = with_params(rule, dict(zip(names, map(float, triple))))
        params = sub.params
        if "tau_psc" in params and params["tau_rec"] <= params["tau_psc"] * (1 + 1e-9):
            raise errors.ConnectionError(
                f"projection {label!r}: tau_rec ({params['tau_rec']:g} ms) must be longer "
                f"than the target's synaptic time constant ({params['tau_psc']:g} ms)")
        text = ", ".join(f"{name}={params[name]:g}" for name in shown)
        out.append((sub, positions[which == k], f"{label} ({text})"))
    return out


def check_count(projection, values):
    """At most MAX_STP_RULES distinct triples, else an error naming the projection."""
    if values is None:
        return
    table = np.stack([values[name] for name in values], axis=1)
    n = len(np.unique(table, axis=0)) if len(table) else 0
    if n > MAX_STP_RULES:
        raise errors.ConnectionError(
            f"projection {projection.label!r}: {n} distinct "
            f"{type(projection.synapse_type).__name__} parameter sets ({', '.join(values)}) "
            f"per connection; the cores run at most "
            f"{MAX_STP_RULES} per projection (one rule each): draw them from fewer values")
