"""The mapping pipeline: the only place that knows the order of the stages.

    partition -> keys -> synapses -> machine -> place -> route   (once per graph structure;
                                                                 placement budgets SDRAM)
    images                                                      (whenever parameters change)
"""
import logging
import time
from dataclasses import dataclass, field
from typing import Dict, Optional

from .. import progress
from ..graph import ApplicationGraph
from ..machine import Machine, machine_for_cores, virtual_machine
from ..machine.constants import CORES_PER_CHIP, SDRAM_BYTES as SDRAM_PER_CHIP
from .dataspec.binaries import check_board_binary, population_binary
from .dataspec.core_image import CoreImage, LoadedRegion
from .dataspec.control import rate_regions, stop_condition_region
from .dataspec.current_sources import current_sources_region
from .dataspec.delay import delay_regions
from .dataspec.live_output import live_output_region
from .dataspec.neuron import neuron_regions
from .dataspec.poisson import poisson_region
from .dataspec.recording import (buffer_sizes, empty_buffer, is_random_source,
                                 recording_config)
from .dataspec.regions import MAX_CORE_DELAY, Region  # noqa: F401 (MAX_CORE_DELAY: setup's max_delay)
from .dataspec.spike_source import spike_times_region
from .dataspec.system import system_region
from .errors import MappingError
from .host_memory import return_large_blocks
from .keys import allocate_keys
from .machine_graph import MachineGraph
from .partition import edge_ticks, forget_ticks, partition
from .place import place
from .placements import Placements
from .route import route
from .routing_info import RoutingInfo
from .routing_tables import RoutingTables
from .synapses import SynapseResult, build_synapses

logger = logging.getLogger(__name__)
# freed large blocks (connection columns, matrices) leave the process from the start
return_large_blocks()

#: Regions the cores write back (current state): a parameter update leaves them alone.
NEURON_STATE = int(Region.NEURON_STATE)
#: (The plastic matrix holds the learnt weights: a parameter change keeps them; a reset
#: writes the initial ones back.)
STATE_REGIONS = frozenset({NEURON_STATE, int(Region.RATE_HISTORY),
                           int(Region.PLASTIC_MATRIX)})


@dataclass(frozen=True)
class MappingResult:
    """Everything the mapping decided for one graph structure."""
    machine: Machine
    machine_graph: MachineGraph
    placements: Placements
    routing_info: RoutingInfo
    routing_tables: RoutingTables
    synapses: SynapseResult
    delay_regions: Dict
    dt: float
    structure_version: int
    stage_seconds: Dict[str, float] = field(default_factory=dict)


def choose_machine(n_cores: int, version=None, width=None, height=None, n_boards=None,
                   n_chips=None, sdram_bytes: int = 0) -> Machine:
    """The machine the user configured, else the smallest virtual board that fits the
    cores and (with a quarter spare for packing) the images' SDRAM."""
    if width is not None or height is not None or version is not None or n_boards:
        return virtual_machine(version=version, width=width, height=height,
                               n_boards=n_boards)
    machine = machine_for_cores(n_cores)
    chips_for_sdram = -(-int(sdram_bytes * 1.25) // SDRAM_PER_CHIP)
    wanted = max(n_chips or 0, chips_for_sdram)
    if len(machine.chips) < wanted:
        machine = machine_for_cores(wanted * (CORES_PER_CHIP - 1))
    return machine


def image_bytes(mg: MachineGraph, synapses: SynapseResult, delays: Dict) -> Dict:
    """SDRAM each machine vertex's image needs, less recording buffers (runs are cut into
    chunks that fit what is left): synaptic data, parameters and state."""
    sizes = {}
    for mv in mg.vertices:
        model, n = mv.app_vertex.model, mv.vertex_slice.n_atoms
        words = sum(len(c.params) + len(c.state) for c in model.components) + 8
        sizes[mv] = 4 * n * words + 4096 + sum(len(b) for b in synapses.regions.get(mv, ()))
        sizes[mv] += sum(len(b) for b in synapses.plastic.get(mv, ()))
        if mv in delays:
            sizes[mv] += len(delays[mv])
    return sizes


def map_graph(graph: ApplicationGraph, dt: float, machine_options: Optional[dict] = None,
              reports=False, machine: Optional[Machine] = None) -> MappingResult:
    """Run every structural stage on ``graph`` (dt in ms).

    ``reports``: False, True (write under reports/<timestamp>/) or a directory path.
    ``machine``: the machine to map onto (a discovered board); None: the one
    ``machine_options`` describe, or the smallest virtual board that fits.
    """
    timings = {}
    return_large_blocks()   # the matrices' pages leave with them once the device has them

    def timed(name, fn, *args, steps=None, unit=None):
        """Run a stage, timed; with ``steps``, a progress bar of that many ``unit``s."""
        start = time.perf_counter()
        if steps is None:
            out = fn(*args)
        else:
            with progress.bar(f"mapping: {name}", steps, unit) as bar:
                out = fn(*args, bar.update)
        timings[name] = time.perf_counter() - start
        logger.debug("mapping stage %s: %.2f s", name, timings[name])
        return out

    try:   # the stages share each projection's delays in ticks (partition.edge_ticks)
        mg = timed("partition", partition, graph, dt, steps=len(graph.edges),
                   unit="projection")
        routing_info = timed("keys", allocate_keys, mg, mg.n_keys)
        n_neuron_cores = sum(1 for mv in mg.vertices if mv.kind == "neuron")
        synapses = timed("synapses", build_synapses, graph, mg, routing_info, dt,
                         steps=n_neuron_cores, unit="core")
        n_delayed = len({dv.app_vertex for dv in mg.delay_stages})
        delays = timed("delays", delay_regions, mg, graph, routing_info, dt,
                       steps=n_delayed, unit="population")
    finally:
        forget_ticks(graph)
    sdram = image_bytes(mg, synapses, delays)
    if machine is None:
        machine = timed("machine", lambda: choose_machine(len(mg.vertices),
                                                          sdram_bytes=sum(sdram.values()),
                                                          **(machine_options or {})))
    placements = timed("place", place, mg, machine, sdram)
    tables = timed("route", route, machine, mg, placements, routing_info)
    result = MappingResult(machine, mg, placements, routing_info, tables, synapses, delays,
                           dt, graph.structure_version, timings)
    logger.debug("mapped %d populations onto %d cores of %d chips in %.2f s",
                 len(graph.vertices), len(mg.vertices), len(placements.chips_used()),
                 sum(timings.values()))
    if reports:
        from .reports import write_reports
        where = write_reports(result, build_images(result, graph),
                              None if reports is True else reports)
        logger.info("mapping reports written to %s", where)
    return result


def remember_delay_ticks(edge, dt: float) -> None:
    """Have an edge whose delays are kept as their draw (a column with a ``memo``) turn
    them into timesteps now, while it holds its values: the mapping reads the ticks and
    never draws the delays again."""
    if len(edge) and getattr(edge.delays, "memo", None) is not None:
        edge_ticks(edge, dt)
        edge.__dict__.pop("_ticks", None)


def matrix_releaser(result: MappingResult, images: Dict):
    """A ``loaded(placement, region)`` callback for the device's load: as soon as the device
    holds a core's synaptic matrix, the host forgets the bytes and keeps their size
    (LoadedRegion).  They change only with a new mapping, and the device keeps them through
    resets and parameter changes; so the host never holds a second copy of all of them."""
    vertex_at = {p: mv for mv, p in result.placements.by_vertex.items()}

    def loaded(placement, region):
        mv = vertex_at.get(placement)
        if region != int(Region.SYNAPTIC_MATRIX) or mv not in result.synapses.regions:
            return
        header, table, matrix = result.synapses.regions[mv]
        released = LoadedRegion(len(matrix))
        result.synapses.regions[mv] = (header, table, released)
        images[placement].regions[region] = released
    return loaded


def build_images(result: MappingResult, graph: ApplicationGraph, step=None) -> Dict:
    """{placement: CoreImage} from the mapping and the graph's current parameters
    (``step(n)``, when given, is told of each core done: a progress bar)."""
    images = {}
    problems = []
    senders = result.machine_graph.targets()
    binaries = {}   # neuron population -> its binary (model x synapse-dynamics family)
    for mv in result.machine_graph.vertices:
        if step is not None:
            step(1)
        vertex, sl = mv.app_vertex, mv.vertex_slice
        key = result.routing_info.by_vertex.get(mv)
        if mv.kind == "delay":
            images[result.placements[mv]] = CoreImage("delay_extension", {
                int(Region.SYSTEM): system_region(sl.n_atoms, key, result.dt, True,
                                                  vertex.clear_count),
                int(Region.DELAY_PARAMS): result.delay_regions[mv]})
            continue
        regions = {int(Region.SYSTEM): system_region(sl.n_atoms, key, result.dt,
                                                     vertex.enabled, vertex.clear_count,
                                                     sends=mv in senders),
                   int(Region.RECORDING_CONFIG): recording_config(vertex, sl.start)}
        if vertex.model.binary == "live_packet_gather":
            regions[int(Region.LIVE_OUTPUT)] = live_output_region(vertex.device_params)
        elif vertex.model.binary == "spike_injector":
            pass   # its spikes come from the host's packets at run time
        elif is_random_source(vertex):
            regions[int(Region.POISSON_PARAMS)] = poisson_region(vertex, sl, result.dt)
        elif vertex.model.is_source:
            regions[int(Region.SPIKE_TIMES)] = spike_times_region(vertex, sl, result.dt)
        else:
            params, state, errors = neuron_regions(vertex, sl, result.dt)
            problems += [f"population {vertex.label!r}: {e}" for e in errors]
            header, table, matrix = result.synapses.regions[mv]
            regions.update({int(Region.NEURON_PARAMS): params,
                            int(Region.NEURON_STATE): state,
                            int(Region.SYNAPSE_PARAMS): header,
                            int(Region.POP_TABLE): table,
                            int(Region.SYNAPTIC_MATRIX): matrix,
                            int(Region.CURRENT_SOURCES):
                                current_sources_region(vertex, sl, result.dt),
                            int(Region.STOP_CONDITION): stop_condition_region(vertex, result.dt)})
            if mv in result.synapses.plastic:
                plastic_params, plastic_matrix = result.synapses.plastic[mv]
                regions[int(Region.PLASTIC_PARAMS)] = plastic_params
                regions[int(Region.PLASTIC_MATRIX)] = plastic_matrix
            if mv in result.synapses.structural:
                regions[int(Region.STRUCTURAL)] = result.synapses.structural[mv]
            rate, history = rate_regions(vertex, sl.n_atoms, result.dt)
            regions[int(Region.RATE)] = rate
            if history:
                regions[int(Region.RATE_HISTORY)] = history
        # buffers are sized before each run (recording_buffers); start them empty
        for region in buffer_sizes(vertex, sl.n_atoms, 0, 0, first_atom=sl.start, dt=result.dt):
            regions[region] = empty_buffer(0)
        binary = vertex.model.binary
        if int(Region.NEURON_PARAMS) in regions:
            if vertex not in binaries:
                binaries[vertex] = population_binary(vertex, graph.incoming(vertex))[0]
            binary = binaries[vertex]
        images[result.placements[mv]] = CoreImage(binary, regions)
    if problems:
        raise MappingError("parameters do not fit the chip's fixed-point formats:\n  "
                           + "\n  ".join(problems))
    return images


def check_board_binaries(graph: ApplicationGraph) -> None:
    """MappingError naming the first neuron population whose projections need synapse
    dynamics that no one ARM binary has together (a board runs one family per core; the
    virtual machine runs any mix)."""
    for vertex in graph.vertices:
        if not vertex.model.is_source:
            check_board_binary(vertex, graph.incoming(vertex))


def source_regions(result: MappingResult, mv) -> Dict:
    """{region: bytes} of a spike source core's parameters (a rate changed during a run)."""
    vertex, sl = mv.app_vertex, mv.vertex_slice
    if vertex.model.binary == "spike_source_poisson":
        return {int(Region.POISSON_PARAMS): poisson_region(vertex, sl, result.dt)}
    if vertex.model.is_source and vertex.model.binary == "spike_source_array":
        return {int(Region.SPIKE_TIMES): spike_times_region(vertex, sl, result.dt)}
    raise MappingError(f"population {vertex.label!r} is not a spike source")
def check_stop_condition(vertex, dt: float) -> None:
    """MappingError (naming the population) when the cores cannot evaluate its stop
    condition; the PyNN layer calls this when the condition is set."""
    stop_condition_region(vertex, dt)


def check_parameters(vertex, dt: float) -> list:
    """What of a neuron population's parameters and initial values does not fit the chip's
    fixed-point formats (the messages build_images would raise), checked when they are set."""
    if vertex.model.is_source or vertex.n_atoms == 0:
        return []
    from .machine_graph import Slice
    _, _, errors = neuron_regions(vertex, Slice(0, vertex.n_atoms), dt)
    return [f"population {vertex.label!r}: {e}" for e in errors]


def ticks_per_chunk(result: MappingResult, images: Dict, n_ticks: int) -> int:
    """The longest stretch of a run whose recordings fit the chips' free SDRAM.

    Like sPyNNaker's automatic pause and resume, a long run is split into chunks; the
    recordings are read back after each.  Raises when even one tick does not fit.
    """
    used, per_tick = {}, {}
    for mv in result.machine_graph.vertices:
        p = result.placements[mv]
        used[p.x, p.y] = used.get((p.x, p.y), 0) + images[p].size_in_bytes
        if mv.kind != "delay":
            # 64 ticks' worth, over 64, rounds every channel's per-tick bytes up
            per_tick[p.x, p.y] = per_tick.get((p.x, p.y), 0) + sum(
                buffer_sizes(mv.app_vertex, mv.vertex_slice.n_atoms, 0, 64,
                             first_atom=mv.vertex_slice.start, dt=result.dt).values()) / 64
    chunk = n_ticks
    for xy, rate in per_tick.items():
        if rate == 0:
            continue
        free = result.machine.chip(*xy).sdram - used[xy]
        fits = int(free * 0.9 // rate)
        if fits < 1:
            raise MappingError(f"chip {xy}: recording one timestep needs {rate:.0f} bytes of "
                               f"SDRAM but {free} are free; record fewer variables or use a "
                               f"larger sampling_interval")
        chunk = min(chunk, fits)
    return max(1, chunk)


def recording_buffers(result: MappingResult, first_tick: int, n_ticks: int) -> Dict:
    """{placement: {region: empty buffer bytes}} sized for a run of n_ticks."""
    out = {}
    for mv in result.machine_graph.vertices:
        if mv.kind == "delay":
            continue
        sizes = buffer_sizes(mv.app_vertex, mv.vertex_slice.n_atoms, first_tick, n_ticks,
                             first_atom=mv.vertex_slice.start, dt=result.dt)
        if sizes:
            out[result.placements[mv]] = {r: empty_buffer(c) for r, c in sizes.items()}
    return out
