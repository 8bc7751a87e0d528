"""KernelConnector (sPyNNaker 7.4.1's 2-d kernel connector) against a hand-computed case and
a plain nested-loop transcription of its documented rule, then on the cores: a pre spike
reaches exactly the post cells the kernel says, with the kernel's weight."""
import numpy as np
import pytest
from pyNN.random import RandomDistribution

import pyNN.spiNNaker as sim


def loop_rule(shape_pre, shape_post, shape_kernel, n_pre, n_post, pre_step=(1, 1),
              pre_start=(0, 0), post_step=(1, 1), post_start=(0, 0)):
    """{(pre, post): (kr, kc)}: the rule written as loops over every pair."""
    kh, kw = shape_kernel
    found = {}
    for pre in range(n_pre):
        pr, pc = divmod(pre, shape_pre[1])
        if (pr - pre_start[0]) % pre_step[0] or (pc - pre_start[1]) % pre_step[1]:
            continue
        for post in range(n_post):
            r, c = divmod(post, shape_post[1])
            cr, cc = post_start[0] + r * post_step[0], post_start[1] + c * post_step[1]
            sr = (cr - pre_start[0] - 1) // pre_step[0] + 1
            sc = (cc - pre_start[1] - 1) // pre_step[1] + 1
            kr, kc = kh // 2 - (sr - pr), kw // 2 - (sc - pc)
            if 0 <= kr < kh and 0 <= kc < kw:
                found[(pre, post)] = (kr, kc)
    return found


def connections(n_pre, n_post, connector, synapse=None):
    sim.setup(timestep=1.0)
    pre = sim.Population(n_pre, sim.IF_curr_exp())
    post = sim.Population(n_post, sim.IF_curr_exp())
    proj = sim.Projection(pre, post, connector, synapse or sim.StaticSynapse())
    got = proj.get(["weight", "delay"], format="list")
    sim.end()
    return {(int(i), int(j)): (w, d) for i, j, w, d in got}


def test_hand_computed_strided_kernel():
    # pre 4x4, post 2x2 sampling the pre grid at (1 + 2r, 1 + 2c), kernel 3x3 of 10 kr + kc
    kernel = np.array([[0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0]]) / 100
    got = connections(16, 4, sim.KernelConnector(
        (4, 4), (2, 2), (3, 3), weight_kernel=kernel, delay_kernel=2.0,
        post_sample_steps_in_pre=(2, 2), post_start_coords_in_pre=(1, 1)))
    # post 0 sits on pre (1, 1): pre rows/cols 0..2 with kernel[pr, pc]
    assert sorted(j for (i, j) in got if j == 0) == [0] * 9
    assert got[(0, 0)] == pytest.approx((0.0, 2.0))          # pre (0, 0): kernel[0, 0]
    assert got[(6, 0)] == pytest.approx((0.12, 2.0))         # pre (1, 2): kernel[1, 2]
    assert got[(10, 0)][0] == pytest.approx(0.22)             # pre (2, 2): kernel[2, 2]
    # post 3 sits on pre (3, 3): only pre rows/cols 2..3 exist (kernel rows/cols 0..1)
    assert sorted(i for (i, j) in got if j == 3) == [10, 11, 14, 15]
    assert got[(15, 3)][0] == pytest.approx(0.11)             # pre (3, 3): the centre
    assert len(got) == 9 + 6 + 6 + 4


@pytest.mark.parametrize("args", [
    dict(shape_pre=(5, 6), shape_post=(5, 6), shape_kernel=(3, 5)),
    dict(shape_pre=(6, 6), shape_post=(3, 3), shape_kernel=(3, 3), post_step=(2, 2),
         post_start=(1, 0)),
    dict(shape_pre=(6, 4), shape_post=(6, 4), shape_kernel=(5, 3), pre_step=(2, 1),
         pre_start=(1, 0)),
])
def test_same_pairs_as_the_loop_rule(args):
    n_pre = args["shape_pre"][0] * args["shape_pre"][1]
    n_post = args["shape_post"][0] * args["shape_post"][1]
    kh, kw = args["shape_kernel"]
    kernel = np.arange(kh * kw, dtype=float).reshape(kh, kw) / 10 + 0.1
    expected = loop_rule(n_pre=n_pre, n_post=n_post, **args)
    got = connections(n_pre, n_post, sim.KernelConnector(
        args["shape_pre"], args["shape_post"], args["shape_kernel"], weight_kernel=kernel,
        pre_sample_steps_in_post=args.get("pre_step"),
        pre_start_coords_in_post=args.get("pre_start"),
        post_sample_steps_in_pre=args.get("post_step"),
        post_start_coords_in_pre=args.get("post_start")))
    assert set(got) == set(expected) and len(expected) > 0
    for pair, (kr, kc) in expected.items():
        assert got[pair][0] == pytest.approx(kernel[kr, kc])


def test_synapse_parameters_fill_the_kernel_and_bad_kernels_are_refused():
    got = connections(9, 9, sim.KernelConnector((3, 3), (3, 3), (3, 3)),
                      sim.StaticSynapse(weight=RandomDistribution("uniform", (0.1, 0.2)),
                                        delay=3.0))
    # one draw per kernel cell: pairs through the same cell share a weight
    same_cell = [got[(0, 4)][0], got[(4, 8)][0]]                 # both kernel[0, 0]
    assert same_cell[0] == pytest.approx(same_cell[1]) and 0.1 <= same_cell[0] <= 0.2
    assert all(d == 3.0 for _, d in got.values())
    with pytest.raises(ValueError, match="kernel's shape"):
        sim.KernelConnector((3, 3), (3, 3), (3, 3), weight_kernel=np.ones((2, 3)))
    with pytest.raises(ValueError, match="space"):
        sim.KernelConnector((3, 3), (3, 3), (3, 3), space=object())


def test_a_pre_spike_reaches_the_kernels_cells_on_the_cores():
    sim.setup(timestep=1.0)
    pre = sim.Population(9, sim.SpikeSourceArray([[5.0] if i == 4 else [] for i in range(9)]))
    post = sim.Population(9, sim.IF_curr_exp(tau_syn_E=1.0))
    kernel = np.zeros((3, 3))
    kernel[0, 1] = kernel[2, 2] = 20.0     # strong enough to fire the target
    sim.Projection(pre, post, sim.KernelConnector((3, 3), (3, 3), (3, 3),
                                                  weight_kernel=kernel))
    post.record("spikes")
    sim.run(20.0)
    fired = [i for i, st in enumerate(post.get_data().segments[0].spiketrains) if len(st)]
    sim.end()
    # pre 4 = (1, 1); post (r, c) takes kernel[1 - (r - 1), 1 - (c - 1)] from it:
    # kernel[0, 1] -> post (2, 1) = 7, kernel[2, 2] -> post (0, 0) = 0
    assert fired == [0, 7]
