"""Projection: explicit connection arrays, turned into one application edge per vertex pair.

PyNN's connectors call ``_convergent_connect`` once per post-synaptic neuron; the batches are
kept as numpy arrays and concatenated once when the connector is done.  Indices are in the
Projection's own index space (of ``pre`` and ``post``, which may be views or Assemblies);
edges hold indices in the root populations, split by (pre vertex, post vertex).

Memory (full-scale Potjans-Diesmann holds 3e8 connections): indices are int32, and a
homogeneous weight or delay column is a read-only zero-stride view of one number, so a
connection costs 8 bytes; an edge holds views of the projection's arrays, not copies.
Columns are never changed in place (edges may share them): changes make new arrays.
"""
import dataclasses

import numpy as np
from pyNN import common, errors
from pyNN.space import Space
from pyNN.standardmodels.synapses import StaticSynapse as PyNNStaticSynapse

from .drawn import release
from .fast_connectors import bulk_connect, constant, index_dtype
from .neuromodulation import Neuromodulation, TARGETS as DOPAMINE_TARGETS, is_dopamine
from .plasticity import SimpleStochasticSynapse, STDPMechanism, TsodyksMarkramSynapse
from .quantal import MultiQuantalSynapse, StochasticTsodyksMarkramSynapse
from .weight_change import WeightChangeable, WeightChanger, changeable_rule
from .sorted_column import SortedIndexColumn
from .structural import StructuralMechanismSTDP, StructuralMechanismStatic
from .synapses import StaticSynapse, check_weights
from . import checks, projection_edges, quantal, short_term, simulator
from .projection_edges import compact, is_constant, magnitudes

_ATTRIBUTES = ("presynaptic_index", "postsynaptic_index", "weight", "delay")


class Connection(common.Connection):
    """One connection of a Projection: read and write its weight and delay.

    ``presynaptic_index`` and ``postsynaptic_index`` are indices in the Projection's ``pre``
    and ``post``.  Writing ``weight`` or ``delay`` changes the Projection (re-mapped at the
    next run, as :meth:`Projection.set` does).
    """

    def __init__(self, projection, position):
        self.projection = projection
        self.position = int(position)

    @property
    def presynaptic_index(self):
        return int(self.projection._pre[self.position])

    @property
    def postsynaptic_index(self):
        return int(self.projection._post[self.position])

    @property
    def presynaptic_cell(self):
        return self.projection.pre[self.presynaptic_index]

    @property
    def postsynaptic_cell(self):
        return self.projection.post[self.postsynaptic_index]

    def _value(self, name):
        values = dict(zip(_ATTRIBUTES, self.projection._values()))
        return float(values[name][self.position])

    @property
    def weight(self):
        """Weight in nA (current-based) or uS (conductance-based)."""
        return self._value("weight")

    @weight.setter
    def weight(self, value):
        self.projection._set_one(self.position, weight=value)

    @property
    def delay(self):
        """Delay in ms."""
        return self._value("delay")

    @delay.setter
    def delay(self, value):
        self.projection._set_one(self.position, delay=value)

    def as_tuple(self, *attribute_names):
        """The values of the named attributes ('presynaptic_index', 'weight', ...)."""
        return tuple(getattr(self, name) for name in attribute_names)

    def __repr__(self):
        return (f"Connection({self.presynaptic_index}, {self.postsynaptic_index}, "
                f"weight={self.weight:g}, delay={self.delay:g})")


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector,
                 synapse_type=None, source=None, receptor_type=None, space=Space(),
                 label=None, download_synapses=False, partition_id=None):
        """sPyNNaker's extras: ``download_synapses`` (accepted: connections are always
        readable after a run here) and ``partition_id`` (only the default spike partition,
        None or 'SPIKE', exists)."""
        if partition_id not in (None, "SPIKE"):
            raise NotImplementedError(
                f"Projection: partition_id {partition_id!r} is not supported; spikes travel "
                "in the default partition (None or 'SPIKE')")
        self.download_synapses = bool(download_synapses)
        self._rule = self._structural = None
        #: TsodyksMarkramSynapse parameters given per connection, and their values
        self._stp_names, self._stp, self._stp_batches = [], None, []
        #: the synapse type's rule parameters that may differ between connections
        self._per_connection = tuple(getattr(synapse_type, "PER_CONNECTION", ()))
        if isinstance(synapse_type, (StructuralMechanismStatic, StructuralMechanismSTDP)):
            for side, cells in (("presynaptic", presynaptic_population),
                                ("postsynaptic", postsynaptic_population)):
                if not isinstance(cells, common.Population):
                    raise TypeError(
                        f"Projection(): structural plasticity needs whole Populations on "
                        f"both sides; the {side} side is {cells!r}")
            self._structural = synapse_type.structural_rule()
            self._rule = synapse_type.plasticity_rule()
        elif isinstance(synapse_type, STDPMechanism):
            self._rule = synapse_type.plasticity_rule()
            self._stp_names = synapse_type.per_connection()
        elif isinstance(synapse_type, TsodyksMarkramSynapse):
            self._rule = synapse_type.plasticity_rule(
                postsynaptic_population, receptor_type or "excitatory")
            self._stp_names = synapse_type.per_connection()
        elif isinstance(synapse_type, (SimpleStochasticSynapse, StochasticTsodyksMarkramSynapse,
                                       MultiQuantalSynapse)):
            self._rule = synapse_type.plasticity_rule()
            self._stp_names = synapse_type.per_connection()
        elif isinstance(synapse_type, WeightChangeable):
            self._rule, self._wc_ident = changeable_rule(
                synapse_type, presynaptic_population, postsynaptic_population)
        elif isinstance(synapse_type, WeightChanger):
            synapse_type.check_projection(self, presynaptic_population,
                                          postsynaptic_population, receptor_type)
            self._rule = synapse_type.plasticity_rule()
        elif isinstance(synapse_type, Neuromodulation):
            # dopamine: 'reward' / 'punishment' are no synapse type of the cells (PyNN's
            # check sees the first one; the edges carry the rule's sign instead)
            self._rule = synapse_type.plasticity_rule(receptor_type)
        elif receptor_type in DOPAMINE_TARGETS:
            raise errors.ConnectionError(
                f"receptor_type {receptor_type!r} takes dopamine: use synapse_type="
                f"extra_models.Neuromodulation(...)")
        elif synapse_type is not None and not isinstance(synapse_type, StaticSynapse):
            if isinstance(synapse_type, PyNNStaticSynapse):
                raise TypeError("use pyNN.spiNNaker.StaticSynapse, not another backend's")
            raise NotImplementedError(
                f"synapse type {type(synapse_type).__name__} is not supported by "
                "pyNN.spiNNaker yet; StaticSynapse, STDPMechanism, "
                "TsodyksMarkramSynapse, SimpleStochasticSynapse, "
                "StochasticTsodyksMarkramSynapse and MultiQuantalSynapse are")
        for side, cells in (("presynaptic", presynaptic_population),
                            ("postsynaptic", postsynaptic_population)):
            if not isinstance(cells, (common.BasePopulation, common.Assembly)):
                raise TypeError(f"Projection(): the {side} side must be a Population, "
                                f"PopulationView or Assembly, not {cells!r}")
        if not postsynaptic_population.receptor_types:
            raise errors.ConnectionError(
                f"cannot project onto {postsynaptic_population.label!r}: its cells "
                f"({type(postsynaptic_population.celltype).__name__}) have no synapses")
        # connectors whose weights pick the receptor by sign (sPyNNaker's convolution)
        self._signed = getattr(connector, "signed_receptor_types", None)
        if self._signed is not None:
            missing = [r for r in self._signed
                       if r not in postsynaptic_population.receptor_types]
            if missing:
                raise errors.ConnectionError(
                    f"{type(connector).__name__}: receptor type(s) {missing} do not exist "
                    f"on {postsynaptic_population.label!r} (it has "
                    f"{list(postsynaptic_population.receptor_types)})")
            receptor_type = self._signed[0]
        dopamine = receptor_type if is_dopamine(self._rule) else None
        if dopamine is not None:
            receptor_type = postsynaptic_population.receptor_types[0]
        super().__init__(presynaptic_population, postsynaptic_population, connector,
                         synapse_type, source, receptor_type, space, label)
        if dopamine is not None:
            self.receptor_type = dopamine
        self.label = self.label or f"projection{Projection._nProj}"
        self._batches = []
        self._edges = []  # (edge, positions in the connection arrays)
        checks.connector(connector, self)
        # common connectors in bulk (numpy, O(synapses)); the rest through PyNN
        bulk = bulk_connect(self, connector)
        if bulk is None:
            connector.connect(self)
        else:
            self._batches.append(bulk)
        self._concatenate()
        self._check()
        if isinstance(synapse_type, WeightChanger):
            synapse_type.warn_unconsumed(self)
        self._build_edges()
        # drawn columns were held for the checks and the edges: from now on they draw again
        release(self._weights)
        release(self._delays)

    # ------------------------------------------------------------------ building
    def _convergent_connect(self, presynaptic_indices, postsynaptic_index,
                            location_selector=None, **connection_parameters):
        if location_selector is not None:
            raise NotImplementedError("pyNN.spiNNaker has no multi-compartment cells")
        pre = np.asarray(presynaptic_indices)
        if pre.dtype == object:  # some connectors (CSA) pass IDs
            pre = np.asarray(self.pre.id_to_index(pre))
        post = postsynaptic_index
        if isinstance(post, common.IDMixin):
            post = self.post.id_to_index(post)
        n = pre.size
        idx = index_dtype(max(self.pre.size, self.post.size))
        self._batches.append((
            pre.astype(idx).ravel(), np.full(n, int(post), dtype=idx),
            np.broadcast_to(np.asarray(connection_parameters["weight"], float), (n,)),
            np.broadcast_to(np.asarray(connection_parameters["delay"], float), (n,))))
        if self._per_connection:
            self._stp_batches.append(short_term.batch(connection_parameters, n,
                                                      self._per_connection))

    def _add_connections(self, pre, post, weights, delays):
        """Add connections given as arrays of indices (in ``pre``/``post``), weights and
        delays, for connectors that make them all at once."""
        idx = index_dtype(max(self.pre.size, self.post.size))
        self._batches.append((np.asarray(pre).astype(idx), np.asarray(post).astype(idx),
                              np.asarray(weights, float), np.asarray(delays, float)))

    def _concatenate(self):
        idx = index_dtype(max(self.pre.size, self.post.size))
        if len(self._batches) == 1:
            # one batch (a bulk connector's): no copy; its columns are never written in place
            pre, post, weights, delays = self._batches[0]
            pre, post = pre.astype(idx, copy=False), post.astype(idx, copy=False)
        elif self._batches:
            pre, post, weights, delays = (np.concatenate(c) for c in zip(*self._batches))
            pre, post = pre.astype(idx, copy=False), post.astype(idx, copy=False)
        else:
            pre = post = np.zeros(0, idx)
            weights = delays = np.zeros(0)
        self._batches = []
        # sorted post indices (the bulk connectors' order) as counts per cell when long
        self._pre, self._post = pre, SortedIndexColumn.of(post, self.post.size)
        self._weights, self._delays = compact(weights), compact(delays)
        if self._per_connection:
            self._rule, self._stp = short_term.columns(
                self, self._rule, self._stp_batches, len(pre), self._per_connection,
                type(self.synapse_type).check_values)
        if self._rule is not None and np.isnan(self._rule.params.get("tau_psc", 0.0)):
            self._stp = dict(self._stp or {}, tau_psc=self.synapse_type.tau_psc_of(
                self.post, self.receptor_type, np.asarray(self._post)))
        self._stp_batches = []
        short_term.check_count(self, self._stp)

    def _check(self):
        """Weights and delays the cores can run, else an error naming the projection."""
        if len(self._weights) and self._signed is not None:
            if not np.all(np.isfinite(self._weights)):
                raise errors.ConnectionError(f"projection {self.label!r}: weights must be "
                                             "finite")
        elif len(self._weights):
            # one number stands for all of a zero-stride column
            weights = self._weights[:1] if is_constant(self._weights) else self._weights
            check_weights(weights, self)
            checks.weights(weights, self)
        if self._rule is not None and self._rule.is_stdp and len(self._weights):
            w = np.abs(self._weights[:1] if is_constant(self._weights) else self._weights)
            lo, hi = self._rule.w_min, self._rule.w_max
            if w.max() > hi * (1 + 1e-9) or w.min() < lo * (1 - 1e-9):
                raise errors.ConnectionError(
                    f"projection {self.label!r}: plastic weights must lie in [w_min, w_max] "
                    f"= [{lo:g}, {hi:g}] of its weight dependence (got {w.min():g} .. "
                    f"{w.max():g})")
        state = self._simulator.state
        if len(self._delays) == 0:
            return
        delays = self._delays[:1] if is_constant(self._delays) else self._delays
        checks.delays(delays, self)
        dmin, dmax = delays.min(), delays.max()
        if dmin < state.dt * (1 - 1e-9):
            raise errors.ConnectionError(
                f"projection {self.label!r}: delay {dmin:g} ms is shorter than the "
                f"timestep {state.dt:g} ms")
        if dmax > state.max_delay * (1 + 1e-9):
            raise errors.ConnectionError(
                f"projection {self.label!r}: delay {dmax:g} ms is longer than max_delay "
                f"{state.max_delay:g} ms (raise it with setup(max_delay=...))")

    def _build_edges(self):
        projection_edges.build(self)

    def _guess_receptor_type(self):
        """PyNN's rule (negative weights: the second receptor type, i.e. 'inhibitory'),
        else sPyNNaker's default, 'excitatory' (also when the weights cannot be evaluated
        before connecting, e.g. a FromListConnector's own weights)."""
        try:
            super()._guess_receptor_type()
        except Exception:   # noqa: BLE001 -- any failure to pre-evaluate means "no guess"
            self.receptor_type = None
        if self.receptor_type in (None, "default"):
            self.receptor_type = self.post.receptor_types[0]

    def set_download_synapses(self, download_synapses):
        """sPyNNaker's switch for reading synapses back after each run: accepted; here
        ``get``/``save`` read the cores whenever asked."""
        self.download_synapses = bool(download_synapses)

    def get(self, attribute_names, format, gather=True, with_address=True,
            multiple_synapses="sum"):
        """PyNN's ``get``; ``format='list'`` comes ordered by source, then target (as
        sPyNNaker returns it); any other format but 'list' (e.g. sPyNNaker's 'nparray')
        means 'array'."""
        if format != "list":
            format = "array"
        return super().get(attribute_names, format, gather, with_address, multiple_synapses)

    @property
    def edges(self):
        """The application edges this projection became (one per vertex pair)."""
        return [edge for edge, _ in self._edges]

    # ------------------------------------------------------------------ reading
    def __len__(self):
        if self._structural is not None:   # the connections the cores hold now
            return len(self._values()[0])
        return len(self._pre)

    def _source_order(self):
        """Positions of the connections ordered by source, then target (stable for
        multapses): the order of ``connections``, ``proj[i]`` and ``get(format='list')``,
        as sPyNNaker lists them.  Computed when first asked for (the connection arrays
        themselves stay in the order the connector made them)."""
        cached = getattr(self, "_order_cache", None)
        if cached is None or cached[0] is not self._pre:
            cached = (self._pre, np.lexsort((self._post, self._pre)))
            self._order_cache = cached
        return cached[1]

    def __getitem__(self, i):
        """The i-th connection (a :class:`Connection`), by source then target."""
        if not -len(self) <= i < len(self):
            raise IndexError(f"projection {self.label!r} has {len(self)} connections")
        return Connection(self, int(self._source_order()[i % len(self)]))

    @property
    def connections(self):
        """The connections, as a list of :class:`Connection` (PyNN's fine-grained API),
        ordered by source, then target."""
        return [Connection(self, i) for i in self._source_order()]

    def _mapped(self):
        """True when the machine holds this projection as it is now (after a run, with no
        change since)."""
        state = self._simulator.state
        mapping = getattr(state, "mapping", None)
        return (state.running and hasattr(state, "connections") and mapping is not None
                and getattr(state, "device", None) is not None
                and mapping.structure_version == state.graph.structure_version)

    def _values(self):
        """(pre, post, weight, delay) arrays: as run on the machine after a run, else as
        requested."""
        state = self._simulator.state
        if not self._mapped():
            return self._pre, self._post, self._weights, self._delays
        # static synapses do not change on the machine: read once per mapping; plastic ones
        # once per run
        when = (state.segment_counter, state.tick) if self._rule is not None else ()
        cached = getattr(self, "_machine_values", None)
        if cached is not None and cached[0] is state.mapping and cached[1] == when:
            return cached[2]
        values = self._read_machine_values()
        self._machine_values = (state.mapping, when, values)
        return values

    def _read_machine_values(self):
        """(pre, post, weight, delay) in the Projection's connection order, with weights
        and delays as the cores hold them (quantised weights, whole-timestep delays)."""
        state = self._simulator.state
        if self._structural is not None:
            return self._read_rewired()
        # the cores hold magnitudes; a negative weight was given negative
        sign = np.where(self._weights < 0, -1.0, 1.0)
        weights, delays = self._weights.copy(), self._delays.copy()
        for edge, positions in self._edges:
            _, _, w, d = state.connections(edge)   # in the edge's own order
            weights[positions] = sign[positions] * np.asarray(w, float)
            delays[positions] = np.asarray(d, float)
        return self._pre, self._post, weights, delays

    def _read_rewired(self):
        """(pre, post, weight, delay) of the synapses the cores hold now (formed and
        initial ones not removed), in the cores' order."""
        state = self._simulator.state
        negative = self.synapse_type.initial_weight < 0 or (
            len(self._weights) and np.all(self._weights <= 0) and np.any(self._weights < 0))
        got = [state.rewired_connections(edge) for edge, _ in self._edges]
        pre, post, weights, delays = (np.concatenate(c) for c in zip(*got))
        return (pre, post, -weights if negative else weights, delays)

    def _columns(self, names):
        values = dict(zip(_ATTRIBUTES, self._values()))
        if self._rule is not None:   # the rule's parameters, one number per projection
            values.update(self._stp or {})   # ... or per connection, as given
            for name, value in self._rule.params.items():
                values.setdefault(name, constant(value, len(self)))
        try:
            return [values[name[:-1] if name in ("weights", "delays") else name]
                    for name in names]
        except KeyError as e:
            raise errors.NonExistentParameterError(e.args[0], "StaticSynapse",
                                                   ["weight", "delay"]) from None

    def _get_attributes_as_list(self, names):
        if self._structural is not None:   # rewired: the cores' connections, by source
            pre, post = self._values()[:2]
            order = np.lexsort((post, pre))
        else:
            order = self._source_order()
        columns = self._columns(names)
        return list(zip(*[np.asarray(c)[order].tolist() for c in columns]))

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        pre, post = self._values()[:2]
        result = []
        for values in self._columns(names):
            if multiple_synapses == "sum":
                out = np.zeros(self.shape)
                np.add.at(out, (pre, post), values)
            elif multiple_synapses in ("min", "max"):
                out = np.full(self.shape, np.inf if multiple_synapses == "min" else -np.inf)
                ufunc = np.minimum if multiple_synapses == "min" else np.maximum
                ufunc.at(out, (pre, post), values)
            else:
                # numpy does not promise which duplicate wins a fancy assignment: pick them
                flat = pre.astype(np.int64) * self.shape[1] + post
                if multiple_synapses == "first":
                    _, chosen = np.unique(flat, return_index=True)
                else:
                    _, chosen = np.unique(flat[::-1], return_index=True)
                    chosen = len(flat) - 1 - chosen
                out = np.full(self.shape, np.nan)
                out[pre[chosen], post[chosen]] = values[chosen]
            count = np.zeros(self.shape, dtype=np.int64)
            np.add.at(count, (pre, post), 1)
            out[count == 0] = np.nan
            result.append(out)
        return result

    # ------------------------------------------------------------------ changing
    def _set_one(self, position, **values):
        """Change the weight and/or delay of one connection (see :class:`Connection`)."""
        # new arrays, never in place: edges may hold the old ones
        old = self._weights, self._delays
        if "weight" in values:
            self._weights = self._weights.copy()
            self._weights[position] = float(values["weight"])
        if "delay" in values:
            self._delays = self._delays.copy()
            self._delays[position] = float(values["delay"])
        self._apply_change(old)

    def _apply_change(self, old):
        try:
            self._check()
            if self._signed is not None and not np.array_equal(old[0] < 0,
                                                               self._weights < 0):
                raise errors.ConnectionError(
                    f"projection {self.label!r}: a weight's sign chooses its receptor "
                    "type here; changing a sign needs a new Projection")
        except errors.ConnectionError:
            self._weights, self._delays = old
            raise
        for edge, positions in self._edges:
            weights = self._weights[positions]
            edge.weights = magnitudes(weights)
            edge.delays = self._delays[positions]
            if self.receptor_type in edge.post.model.signed_types:
                # a signed receptor follows its weights' sign (the mapping re-checks the
                # population's projections: one sign per receptor)
                edge.negative = len(weights) > 0 and float(np.min(weights)) < 0
        # weights choose ring-buffer shifts and delays may need delay extensions: re-map
        self._simulator.state.graph.mark_changed()

    def initialize(self, **initial_values):
        """The initial state of MultiQuantalSynapse connections (a, u: pynn/quantal.py),
        one number each for the projection."""
        state = quantal.initialize(self, initial_values)
        self._rule = short_term.with_params(self._rule, state)
        for edge, _ in self._edges:
            edge.plasticity = short_term.with_params(edge.plasticity, state)
        self.initial_values.update(initial_values)
        self._simulator.state.graph.mark_changed()

    def _set_rule_parameter(self, name, value):
        """A plastic synapse's parameter (one number for the projection): a new rule for
        its edges, written at the next run."""
        value.shape = self.shape
        if name in self._per_connection and (self._stp is not None or
                                              not value.is_homogeneous):
            self._set_stp_parameter(name, projection_edges.evaluate(self, value))
            return
        if not value.is_homogeneous:
            raise errors.InvalidParameterValueError(
                f"projection {self.label!r}: {name} must be one number for the whole "
                f"projection on pyNN.spiNNaker")
        v = float(value.evaluate(simplify=True))
        rule = self._rule
        timing = tuple((k, v if k == name else x) for k, x in rule.timing_params)
        weight = tuple((k, v if k == name else x) for k, x in rule.weight_params)
        self._rule = dataclasses.replace(rule, timing_params=timing, weight_params=weight)
        for edge, _ in self._edges:
            edge.plasticity = self._rule
        self._simulator.state.graph.mark_changed()

    def _set_stp_parameter(self, name, values):
        """A synapse-rule parameter per connection (Tsodyks-Markram's, a stochastic
        synapse's p): the edges are rebuilt, one per distinct parameter set (a re-map at the
        next run)."""
        stp = dict(self._stp or {})
        for other in self._per_connection:
            stp.setdefault(other, np.full(len(self), self._rule.params[other]))
        stp[name] = values
        type(self.synapse_type).check_values(stp, f"projection {self.label!r}")
        short_term.check_count(self, stp)
        graph = self._simulator.state.graph
        old_edges, old_stp = list(self._edges), self._stp
        self._stp = stp
        graph.remove_edges(edge for edge, _ in old_edges)
        self._edges = []
        try:
            self._build_edges()
        except errors.ConnectionError:
            graph.remove_edges(edge for edge, _ in self._edges)
            self._stp, self._edges = old_stp, old_edges
            graph.restore_edges(edge for edge, _ in old_edges)
            raise
        graph.mark_changed()

    def _set_attributes(self, parameter_space):
        new = {}
        for name, value in parameter_space.items():
            if self._rule is not None and name in self._rule.params and \
                    name != "tau_psc" and (self._rule.is_stdp or
                                           name not in ("w_min", "w_max")):
                self._set_rule_parameter(name, value)
                continue
            if name not in ("weight", "delay"):
                raise errors.NonExistentParameterError(
                    name, type(self.synapse_type).__name__,
                    ["weight", "delay"] + sorted(self._rule.params if self._rule else []))
            value.shape = self.shape
            if value.is_homogeneous:
                new[name] = constant(float(value.evaluate(simplify=True)), len(self))
            else:
                # a function may return one number for all connections
                new[name] = compact(projection_edges.evaluate(self, value))
        old = self._weights, self._delays
        self._weights = new.get("weight", self._weights)
        self._delays = new.get("delay", self._delays)
        self._apply_change(old)


class SpiNNakerProjection(Projection):
    """sPyNNaker's Projection class, with its parameter names (``pre_synaptic_population``,
    ``post_synaptic_population``); the same Projection."""

    def __init__(self, pre_synaptic_population, post_synaptic_population, connector,
                 synapse_type=None, source=None, receptor_type=None, space=None, label=None,
                 download_synapses=False, partition_id=None):
        super().__init__(pre_synaptic_population, post_synaptic_population, connector,
                         synapse_type, source, receptor_type,
                         Space() if space is None else space, label, download_synapses,
                         partition_id)
