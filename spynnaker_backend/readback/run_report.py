"""After every run: what was lost, per population, and whether a board would keep real time."""
import logging
from collections import defaultdict

from ..errors import ConfigurationError
from ..mapping.dataspec.regions import POST_HISTORY_SIZE

#: A SpiNNaker core's clock (Hz): the real-time budget of a tick is dt * CLOCK cycles.
CLOCK_HZ = 200e6


logger = logging.getLogger("spynnaker_backend")

#: Weights that round to zero are below the projection's fixed-point step.  When they carry
#: at most this fraction of the projection's total |weight| (e.g. the near-zero tail of a
#: normal distribution clipped at 0, common in sPyNNaker's examples) the run goes on with a
#: warning; more, and the run raises like any other loss.
ROUNDING_TOLERANCE = 0.01


class LossError(ConfigurationError):
    """Spikes or input were lost in a run (raise unless the user allowed losses)."""


def run_report(result, device) -> dict:
    """{'populations': {label: {...}}, 'dropped_packets': n, 'projections': {...}}; on a
    board also 'routers': {"x,y": router diagnostic counters} of the chips in use."""
    counters = device.counters()
    budget = result.dt * 1e-3 * CLOCK_HZ
    pops = defaultdict(lambda: defaultdict(int))
    for mv in result.machine_graph.vertices:
        p = result.placements[mv]
        c = counters[(p.x, p.y, p.p)]
        entry = pops[mv.app_vertex.label]
        for name in ("packets_sent", "packets_received", "pop_table_misses",
                     "ring_saturations", "synaptic_events", "recording_overflows",
                     "plastic_updates", "plastic_sub_lsb", "history_overflows",
                     "rewiring_rows_full"):
            entry[name] += c.get(name, 0)
        entry["max_cycles_per_tick"] = max(entry["max_cycles_per_tick"], c["max_tick_cycles"])
        entry["cores"] += 1
    for entry in pops.values():
        entry["cycle_budget_per_tick"] = budget
        entry["keeps_real_time"] = entry["max_cycles_per_tick"] <= budget
    projections = {}
    for edge, rep in result.synapses.reports.items():
        projections[edge.label] = {
            "connections": rep.n_connections, "weights_rounded_to_zero": rep.n_rounded_to_zero,
            "rounded_weight_fraction": (rep.lost_weight / rep.total_weight
                                        if rep.total_weight > 0 else 0.0),
            "weights_clipped": rep.n_clipped, "max_relative_weight_error":
            rep.max_relative_error}
    report = {"populations": {k: dict(v) for k, v in pops.items()},
              "projections": projections}
    diagnostics = getattr(device, "router_diagnostics", None)
    if diagnostics is not None:   # a board: each router's own counters, read once
        routers = diagnostics()
        report["routers"] = {f"{x},{y}": d for (x, y), d in sorted(routers.items())}
        report["dropped_packets"] = int(sum(d["dropped_multicast"] for d in routers.values()))
    else:
        report["dropped_packets"] = int(sum(device.dropped().values()))
    return report


def raise_on_losses(report: dict, allow: bool = False, new_mapping: bool = True) -> None:
    """Raise LossError listing every loss (dropped packets, saturations, overflows, weights
    clipped or rounded to zero); ``allow``: log them as warnings instead.  Weights rounded
    to zero that carry at most ROUNDING_TOLERANCE of their projection's weight are only
    warned about, at the first run of a mapping (``new_mapping``)."""
    problems, minor = [], []
    if report["dropped_packets"]:
        problems.append(f"{report['dropped_packets']} multicast packets were dropped by routers")
    for label, p in report["populations"].items():
        if p["ring_saturations"]:
            problems.append(f"population {label!r}: {p['ring_saturations']} synaptic inputs "
                            f"saturated the 16-bit ring buffers (more input in one timestep "
                            f"than the weight scaling allows; fix: give it more headroom, "
                            f"e.g. Population(..., additional_parameters="
                            f"{{'spikes_per_second': 1000}}), at some cost in weight "
                            f"resolution)")
        if p.get("plastic_sub_lsb"):
            problems.append(f"population {label!r}: {p['plastic_sub_lsb']} plastic weight "
                            f"updates were smaller than half the weight's fixed-point step "
                            f"and rounded away (fix: larger A_plus/A_minus, or a smaller "
                            f"w_max or fewer inputs so that the weights get more bits)")
        if p.get("history_overflows"):
            problems.append(f"population {label!r}: {p['history_overflows']} plastic updates "
                            f"needed post-synaptic spikes older than the {POST_HISTORY_SIZE} "
                            f"each neuron keeps (it fired more than that within one "
                            f"synaptic delay of its plastic input); those pairings were lost "
                            f"(fix: shorter plastic delays or lower rates); or, with "
                            f"extra_models.WeightChanger, changes dropped from a neuron's "
                            f"queue of 16 pending changes before its WeightChangeable "
                            f"synapse's pre neuron spiked (fix: fewer changer spikes per "
                            f"changeable spike; no changer connection without a changeable "
                            f"synapse between the same pair)")
        if p["recording_overflows"]:
            problems.append(f"population {label!r}: {p['recording_overflows']} recording "
                            f"writes found the buffer full")
    for label, p in report["projections"].items():
        fraction = p.get("rounded_weight_fraction", 1.0)
        if p["weights_rounded_to_zero"] or p["weights_clipped"]:
            text = (f"projection {label!r}: {p['weights_rounded_to_zero']} of "
                    f"{p['connections']} weights rounded to zero (below half the weight's "
                    f"fixed-point step; {100 * fraction:.3g} % of the projection's total "
                    f"weight), {p['weights_clipped']} clipped")
            if p["weights_clipped"] or fraction > ROUNDING_TOLERANCE:
                problems.append(text + " (fix: weights of one projection onto a population "
                                "share a scale with the largest weight onto it: keep weights "
                                "within a factor ~2^15 of each other, or drop the tiny ones)")
            else:
                minor.append(text)
    for text in (minor if new_mapping else []) + (problems if allow else []):
        logger.warning("run lost data: %s", text)
    if problems and not allow:
        raise LossError("the run lost data:\n  " + "\n  ".join(problems) +
                        "\n(set sim.setup(..., allow_losses=True) to accept this)")
