"""Rule records of dopamine-modulated STDP (``plastic_rule`` for timing codes 7 and 8).

The C side is ``neural_modelling/include/neuromod_core.h`` and
``c_models/plasticity/neuromodulation.h``; the semantics are in docs/plasticity.md, section 8.
"""
import numpy as np

from .dataspec.regions import header_dtype
from .errors import MappingError

#: ``plastic_rule.timing`` of a neuromodulated pair rule and of dopamine rows
NEUROMOD_CODE, DOPAMINE_CODE = 7, 8
#: D is s7.24 on the cores
DOPAMINE_ONE = 2 ** 24
#: u4.28 amplitudes
AMPLITUDE_ONE = 2 ** 28


def dopamine_scale(edge):
    """(row units per dopamine unit, shift): a dopamine row's 16-bit weight w adds
    w << shift to D (s7.24), with the smallest shift that holds the largest weight."""
    w = np.abs(np.asarray(edge.weights, float))
    biggest = float(w.max()) if len(w) else 0.0
    for shift in range(16):
        if np.rint(biggest * DOPAMINE_ONE / 2 ** shift) <= 0xFFFF:
            return DOPAMINE_ONE / 2 ** shift, shift
    raise MappingError(f"projection {edge.label!r}: Neuromodulation weight {biggest:g} is "
                       f"too large (the cores' dopamine level holds less than 128)")


def dopamine_record(edge, extra, lut_at):
    """A dopamine row's rule: reward (+) or punishment (-), its weight unit, tau_d."""
    rec = np.zeros(1, header_dtype("plastic_rule"))
    rec["timing"] = DOPAMINE_CODE
    rec["weight"] = int(edge.plasticity.params["punishment"])
    rec["extra_shift"] = extra
    rec["w_max"] = 0xFFFF
    rec["lut_psc"] = lut_at[edge.plasticity.params["tau_d"]]
    return rec


def neuromod_record(edge, scale, extra, lut_at, trace_of):
    """A neuromodulated pair rule: A+ and A- move the eligibility trace in weight units
    (stored relative to w_max, as the additive rules' u4.28 amplitudes), tau_c, tau_d and
    tau_s = 1 / (1/tau_c + 1/tau_d) (u16.16 ms), the weight bounds in plastic units."""
    rule = edge.plasticity
    p = rule.params
    rec = np.zeros(1, header_dtype("plastic_rule"))
    rec["timing"] = NEUROMOD_CODE
    rec["extra_shift"] = extra
    rec["w_min"] = int(np.rint(rule.w_min * scale))
    rec["w_max"] = int(np.rint(rule.w_max * scale))
    for name, code in (("A_plus", "a_plus"), ("A_minus", "a_minus")):
        a = p[name] / rule.w_max
        if not 0 <= a < 16:
            raise MappingError(f"projection {edge.label!r}: {name} = {p[name]:g} must lie in "
                               f"[0, 16 w_max) of the Neuromodulation's w_max {rule.w_max:g}")
        rec[code] = int(np.rint(a * AMPLITUDE_ONE))
    rec["lut_plus"] = lut_at[rule.tau_plus]
    rec["post_trace"] = trace_of[rule.tau_minus]
    rec["lut_rec"] = lut_at[p["tau_c"]]
    rec["lut_psc"] = lut_at[p["tau_d"]]
    tau_s = 1.0 / (1.0 / p["tau_c"] + 1.0 / p["tau_d"])
    if tau_s * 65536 > 0x7FFFFFFF:
        raise MappingError(f"projection {edge.label!r}: tau_c and tau_d too long (1 / "
                           f"(1/tau_c + 1/tau_d) = {tau_s:g} ms; at most 32767 ms)")
    rec["c_rec"] = int(np.rint(tau_s * 65536))
    step = max(p["A_plus"], p["A_minus"]) * scale * 65536
    rec["lost_step"] = int(min(np.ceil(step / 64), 0xFFFFFFFF))
    return rec


def rule_taus(rule):
    """The time constants whose decay LUTs a dopamine or neuromodulated rule needs."""
    if rule.timing == "dopamine":
        return {rule.params["tau_d"]}
    if rule.timing == "neuromodulated_pair":
        return {rule.params["tau_c"], rule.params["tau_d"]}
    return set()
