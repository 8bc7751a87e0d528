"""The benchmarks' PyNN connectors built by NEST's own connection rules (pyNN.nest only).

pyNN.nest 0.13 passes a connector to ``nest.Connect`` only for FixedProbabilityConnector and
AllToAllConnector, and only when the synapse's random values come from a NativeRNG (its
``native_connect``). Every other connector draws each connection in Python: PyNN's
FixedTotalNumberConnector calls the RNG twice per synapse and then ``nest.Connect`` once per
target cell, which took 25 minutes for the microcircuit at scale 0.1 (3.0 M synapses) on
this shared host, FixedNumberPreConnector 206 s for the 64k scaling point.

:func:`native` wraps such a connector, built from the same script and the same parameters,
so that ``Projection`` hands its rule and its synapse's distributions to NEST instead:

===============================================  =============================================
PyNN                                             NEST (``nest.Connect``)
===============================================  =============================================
FixedTotalNumberConnector(n, allow_self_         ``fixed_total_number`` N = n, allow_autapses,
connections, with_replacement)                   allow_multapses = with_replacement
FixedNumberPreConnector(n, ...)                  ``fixed_indegree`` indegree = n, same flags
a number                                         the number (weights nA -> pA)
RandomDistribution("normal", mu, sigma)          ``nest.random.normal(mean, std)``
RandomDistribution("normal_clipped", mu, sigma,  ``nest.math.redraw(normal, min, max)``: both
low, high)                                       redraw values outside [low, high], inclusive
RandomDistribution("uniform", low, high)         ``nest.random.uniform(min, max)``
one with a ``floor`` (microcircuit_canonical's   ``nest.math.max(distribution, floor)``
AtLeast: draws below it raised to it)
===============================================  =============================================

The network is the same model (the same rule and distributions), not the same realisation:
NEST draws from its own generator, seeded by ``setup(rng_seed=...)``; pyNN.spiNNaker and
PyNN's Python path draw from the NumpyRNG, each its own stream. Anything else (another
connector or distribution, plastic synapses, conductance-based or Izhikevich targets whose
weights PyNN rescales or negates) raises ValueError naming it.
"""

import math

#: PyNN connector class name -> (NEST rule, the rule's count parameter)
RULES = {"FixedTotalNumberConnector": ("fixed_total_number", "N"),
         "FixedNumberPreConnector": ("fixed_indegree", "indegree")}
#: StaticSynapse parameter -> PyNN unit to NEST unit (pyNN.nest's StaticSynapse translation)
SCALES = {"weight": 1000.0, "delay": 1.0}


def nest_value(value, scale, where):
    """A weight or delay of the PyNN synapse (a number or RandomDistribution) as NEST's."""
    from pyNN.random import RandomDistribution
    import nest
    if isinstance(value, (int, float)):
        return float(value) * scale
    if not isinstance(value, RandomDistribution):
        raise ValueError(f"{where}: nest_native takes numbers and RandomDistributions, "
                         f"not {type(value).__name__}")
    p = {k: float(v) * scale for k, v in value.parameters.items()}
    if value.name == "normal":
        param = nest.random.normal(mean=p["mu"], std=p["sigma"])
    elif value.name == "normal_clipped":
        param = nest.math.redraw(nest.random.normal(mean=p["mu"], std=p["sigma"]),
                                 min=p.get("low", -math.inf), max=p.get("high", math.inf))
    elif value.name == "uniform":
        param = nest.random.uniform(min=p["low"], max=p["high"])
    else:
        raise ValueError(f"{where}: nest_native translates the distributions normal, "
                         f"normal_clipped and uniform, not {value.name!r}")
    floor = getattr(value, "floor", None)      # microcircuit_canonical.AtLeast: max(x, floor)
    return param if floor is None else nest.math.max(param, float(floor) * scale)


def native(connector):
    """``connector`` (pyNN.nest's FixedTotalNumberConnector or FixedNumberPreConnector) as
    one whose ``connect`` is a single ``nest.Connect`` with NEST's rule (module docstring)."""
    kind = next((k for k in RULES if k in (c.__name__ for c in type(connector).__mro__)),
                None)
    if kind is None:
        raise ValueError(f"nest_native: {type(connector).__name__} has no NEST rule here; "
                         f"supported: {', '.join(RULES)}")
    if not isinstance(connector.n, int):
        raise ValueError(f"nest_native: {kind}'s n must be an int, not "
                         f"{type(connector.n).__name__}")
    rule, count = RULES[kind]
    spec = {"rule": rule, count: int(connector.n),
            "allow_autapses": connector.allow_self_connections is True,
            "allow_multapses": bool(connector.with_replacement)}

    def connect(projection):
        where = f"nest_native, projection {projection.label!r}"
        if type(projection.synapse_type).__name__ != "StaticSynapse":
            raise ValueError(f"{where}: only StaticSynapse, not "
                             f"{type(projection.synapse_type).__name__}")
        if projection.post.conductance_based or hasattr(projection.post.celltype,
                                                        "receptor_scale"):
            raise ValueError(f"{where}: only current-based targets without rescaled "
                             f"weights ({projection.post.celltype.__class__.__name__})")
        import nest
        space = projection.synapse_type.parameter_space
        syn = {"synapse_model": projection.nest_synapse_model,
               "synapse_label": projection.nest_synapse_label}
        for name, scale in SCALES.items():
            syn[name] = nest_value(space[name].base_value, scale, where)
        nest.Connect(projection.pre.node_collection, projection.post.node_collection,
                     dict(spec), syn)
        projection._simulator.state.stale_connection_cache = True
        # pyNN.nest's own _connect then reads every connection's source back (NEST's
        # SynapseCollection.get: ~2 kB a synapse, 3 GB at 1.6 M); the set only filters
        # GetConnections (with the projection's label), so the pre cells do the same
        projection._sources.update(projection.pre.node_collection.tolist())

    connector.connect = connect
    connector.nest_rule = spec
    return connector
