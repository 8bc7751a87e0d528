"""Write the fuzzer's seeds: machine files (spynnaker_backend.vm.machine_file) of small real
networks, captured from the pipeline after a short run, covering every binary, delay
extensions, recording, current sources, rate windows, stop conditions and rewrites of
regions between runs.  Usage: python make_seeds.py OUTDIR"""
import sys
from pathlib import Path

import pyNN.spiNNaker as sim
from pyNN.random import RandomDistribution

from spynnaker_backend.mapping.dataspec.regions import Region
from spynnaker_backend.pynn import simulator
from spynnaker_backend.vm.machine_file import capture


def _rewrite_same(state, binaries, regions):
    """Rewrites of ``regions`` of the cores running ``binaries`` with the bytes they hold
    (identical bytes: the use-after-free of issue 15 needed nothing else)."""
    out = []
    for index, placement in enumerate(sorted(state._images, key=lambda p: (p.x, p.y, p.p))):
        image = state._images[placement]
        if any(image.binary.startswith(b) for b in binaries):
            for region in regions:
                if region in image.regions:
                    out.append((index, int(region),
                                state.device.read_region(placement, region)))
    return out


def rewrites_of_every_kind(state):
    """Same-bytes rewrites of the regions an app once kept pointers into."""
    return _rewrite_same(state, ("delay",), (Region.DELAY_PARAMS,)) + \
        _rewrite_same(state, ("neuron",), (Region.SYNAPTIC_MATRIX, Region.POP_TABLE,
                                           Region.RATE_HISTORY))


def synfire():
    """SSA -> LIF exp chain with short and long delays (delay extension), v and spikes."""
    src = sim.Population(4, sim.SpikeSourceArray(spike_times=[[1.0, 3.0], [2.0], [], [5.0]]))
    a = sim.Population(12, sim.IF_curr_exp(tau_refrac=2.0), label="a")
    b = sim.Population(6, sim.IF_curr_alpha(), label="b")
    sim.Projection(src, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=5.0, delay=1.0))
    sim.Projection(a, b, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(3)),
                   sim.StaticSynapse(weight=2.0, delay=3.0))
    sim.Projection(a, a, sim.OneToOneConnector(), sim.StaticSynapse(weight=1.0, delay=4.0),
                   receptor_type="inhibitory")
    a.record(["spikes", "v"])
    b.record("spikes")
    a.set_max_atoms_per_core(7)


def poisson_cond():
    """Poisson -> IF_cond_exp with a rate window and a stop condition on a spike."""
    src = sim.Population(20, sim.SpikeSourcePoisson(rate=200.0))
    pop = sim.Population(8, sim.IF_cond_exp(), label="cond")
    sim.Projection(src, pop, sim.FixedProbabilityConnector(0.4, rng=sim.NumpyRNG(5)),
                   sim.StaticSynapse(weight=0.05, delay=RandomDistribution(
                       "uniform", (0.1, 2.0), rng=sim.NumpyRNG(6))))
    pop.compute_firing_rate(5.0)
    pop.record(["spikes", "gsyn_exc", "r"])
    pop.stop_condition = "spike"


def models():
    """Izhikevich, AdEx (both) and delta LIF with current sources and recording subsets."""
    izh = sim.Population(5, sim.Izhikevich(), label="izh")
    adex = sim.Population(4, sim.EIF_cond_exp_isfa_ista(), label="adex")
    adexa = sim.Population(3, sim.EIF_cond_alpha_isfa_ista(), label="adexa")
    delta = sim.Population(6, sim.IF_curr_delta(), label="delta")
    sim.DCSource(amplitude=0.8, start=1.0).inject_into(adex)
    sim.StepCurrentSource(times=[1.0, 4.0], amplitudes=[0.5, 1.5]).inject_into(delta)
    sim.ACSource(amplitude=0.4, offset=0.3, frequency=100.0).inject_into(adexa)
    sim.NoisyCurrentSource(mean=5.0, stdev=1.0, dt=1.0).inject_into(izh)
    sim.Projection(delta, izh, sim.AllToAllConnector(), sim.StaticSynapse(weight=3.0,
                                                                          delay=20.0))
    sim.Projection(izh, adex, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.02,
                                                                         delay=1.0))
    izh[1:3].record(["spikes", "v", "u"])
    adex.record(["w", "v"])
    delta.record("spikes")


def plastic():
    """STDP (pair/additive, nearest/multiplicative, Gutig) and Tsodyks-Markram with per-
    connection U, over short and extension delays, recurrent so post spikes fill histories."""
    src = sim.Population(10, sim.SpikeSourcePoisson(rate=300.0), label="src")
    a = sim.Population(9, sim.IF_curr_exp(tau_refrac=1.0), label="pa")
    b = sim.Population(5, sim.IF_cond_exp(), label="pb")
    pair = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=10.0, tau_minus=12.0, A_plus=0.05,
                                            A_minus=0.06),
        weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=4.0),
        weight=2.0, delay=1.0)
    nearest = sim.STDPMechanism(
        timing_dependence=sim.extra_models.SpikeNearestPairRule(tau_plus=8.0, tau_minus=8.0,
                                                                A_plus=0.1, A_minus=0.1),
        weight_dependence=sim.MultiplicativeWeightDependence(w_min=0.0, w_max=0.2),
        weight=0.1, delay=RandomDistribution("uniform", (1.0, 14.0), rng=sim.NumpyRNG(8)))
    gutig = sim.STDPMechanism(
        timing_dependence=sim.SpikePairRule(tau_plus=15.0, tau_minus=15.0, A_plus=0.02,
                                            A_minus=0.02),
        weight_dependence=sim.GutigWeightDependence(w_min=0.0, w_max=3.0, mu_plus=0.5,
                                                    mu_minus=0.5),
        weight=1.0, delay=2.0)
    sim.Projection(src, a, sim.FixedProbabilityConnector(0.6, rng=sim.NumpyRNG(9)), pair)
    sim.Projection(a, b, sim.AllToAllConnector(), nearest)
    sim.Projection(a, a, sim.FixedProbabilityConnector(0.3, rng=sim.NumpyRNG(10)), gutig,
                   receptor_type="inhibitory")
    sim.Projection(src, b, sim.AllToAllConnector(), sim.TsodyksMarkramSynapse(
        weight=0.05, delay=1.0, U=lambda d: 0.2 + 0.1 * (d % 3), tau_rec=100.0,
        tau_facil=50.0))
    a.set_max_atoms_per_core(4)
    a.record(["spikes", "v"])
    b.record("spikes")


def rewrites_of_plastic(state):
    """Same-bytes rewrites of the plastic parameters and matrices."""
    return _rewrite_same(state, ("neuron",), (Region.PLASTIC_PARAMS, Region.PLASTIC_MATRIX))



def extra():
    """sPyNNaker's extra models: variable-rate Poisson into stochastic and truncated cells."""
    from spynnaker.pyNN import extra_models as em
    src = sim.Population(6, em.SpikeSourcePoissonVariable(
        rates=[300.0, 0.0, 80.0], starts=[0.0, 0.5, 1.5], durations=[0.5, 1.0, 5.0]),
        label="var")
    cells = [sim.Population(4, em.IFCondExpStoc(), label="stoc"),
             sim.Population(4, em.IFCurrDeltaFixedProb(p_thresh=0.5, seed=2), label="fp"),
             sim.Population(3, em.IFTruncDelta(), label="trunc"),
             sim.Population(3, em.StocExp(tau=2.0), label="se"),
             sim.Population(3, em.StocExpStable(), label="ses"),
             sim.Population(3, em.StocSigma(), label="ss")]
    for pop in cells:
        weight = 0.02 if pop.celltype.conductance_based else 1.0
        sim.Projection(src, pop, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight))
        pop.record(["spikes", "v"])
    src.record("spikes")



NETWORKS = {"synfire": synfire, "poisson_cond": poisson_cond, "models": models,
            "plastic": plastic, "extra": extra}


def main(outdir):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, build in NETWORKS.items():
        for threads in (1, 2):
            sim.setup(timestep=1.0 if name == "models" else 0.1, threads=threads)
            build()
            sim.run(3.0)
            state = simulator.state
            data = capture(state, ticks=24, threads=threads - 1,
                           rewrites=rewrites_of_every_kind(state) + (
                               rewrites_of_plastic(state) if name == "plastic" else []),
                           ticks_after=16)
            (outdir / f"{name}_t{threads}.spvm").write_bytes(data)
            sim.end()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "unittests/fuzz/seeds")
