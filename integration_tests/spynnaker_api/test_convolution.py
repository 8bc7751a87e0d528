"""ConvolutionConnector with the Convolution synapse type (sPyNNaker's 2-d convolution).

For stride 1, sPyNNaker's rule (a pre pixel p adds kernel[kr][kc] to post pixel
(p - k//2 + padding) + (kr - k//2, kc - k//2)) is the textbook 2-d convolution of the padded
input with the kernel, 'valid' mode: scipy.signal.convolve2d is the reference.
"""
import numpy as np
import pytest
from scipy.signal import convolve2d

import pyNN.spiNNaker as sim


@pytest.fixture
def setup():
    sim.setup(timestep=1.0)
    yield
    sim.end()


def _grid(shape, cell, **kwargs):
    rows, cols = shape
    return sim.Population(rows * cols, cell, structure=sim.Grid2D(cols / rows), **kwargs)


def _weights_per_pre(proj, in_shape, out_shape):
    """For each pre pixel, the image of the weights it sends (0 where none)."""
    w = np.nan_to_num(proj.get("weight", format="array"))
    return w.reshape(in_shape + out_shape)


@pytest.mark.parametrize("padding", [None, 1])
def test_convolution_is_convolve2d(setup, padding):
    kernel = np.arange(1.0, 10.0).reshape(3, 3) / 10 - 0.45     # mixed signs, no zero
    conn = sim.ConvolutionConnector(kernel, padding=padding)
    in_shape = (6, 5)
    out_shape = conn.get_post_shape(in_shape)
    pad = padding or 0
    assert out_shape == (6 - 2 + 2 * pad, 5 - 2 + 2 * pad)
    src = _grid(in_shape, sim.SpikeSourceArray(spike_times=[]))
    out = _grid(out_shape, sim.IF_curr_exp())
    proj = sim.Projection(src, out, conn, sim.Convolution(delay=3.0))
    images = _weights_per_pre(proj, in_shape, out_shape)
    for r in range(in_shape[0]):
        for c in range(in_shape[1]):
            onehot = np.zeros(in_shape)
            onehot[r, c] = 1.0
            expected = convolve2d(np.pad(onehot, pad), kernel, mode="valid")
            np.testing.assert_allclose(images[r, c], expected, atol=1e-12)
    np.testing.assert_array_equal(np.unique(proj.get("delay", format="list",
                                                     with_address=False)), [3.0])
    # the sign picks the receptor: two edges, excitatory and inhibitory
    assert sorted(e.synapse_type for e in proj.edges) == [0, 1]


def test_a_spike_drives_the_kernel_image(setup):
    kernel = np.array([[0.0, 1.0, 0.0], [2.0, 0.0, -2.0], [0.0, -1.0, 0.0]])
    conn = sim.ConvolutionConnector(kernel)
    src = _grid((5, 5), sim.SpikeSourceArray(
        spike_times=[[1.0] if i == 12 else [] for i in range(25)]))
    out = _grid((3, 3), sim.IF_curr_exp(tau_syn_E=5.0, tau_syn_I=5.0))
    sim.Projection(src, out, conn, sim.Convolution())
    out.record("v")
    sim.run(10.0)
    v = out.get_data("v").segments[0].filter(name="v")[0].magnitude + 65.0
    peak = v[np.argmax(np.abs(v).max(axis=1))].reshape(3, 3)
    # the centre pixel's spike reaches each post pixel with the flipped kernel's weight
    image = convolve2d(np.pad(np.eye(1), 2), kernel, mode="valid")
    assert np.all(np.sign(np.round(peak, 6)) == np.sign(image))
    np.testing.assert_allclose(peak / peak.flat[np.argmax(np.abs(image))],
                               image / image.flat[np.argmax(np.abs(image))], atol=0.02)


def test_strides_and_pooling_by_hand(setup):
    # 4 x 4 input, 2 x 2 average pooling -> 2 x 2, 1 x 1 kernel of 0.8 -> weight 0.2 each
    conn = sim.ConvolutionConnector([[0.8]], pool_shape=2)
    assert conn.get_post_shape((4, 4)) == (2, 2)
    src = _grid((4, 4), sim.SpikeSourceArray(spike_times=[]))
    out = _grid((2, 2), sim.IF_curr_exp())
    proj = sim.Projection(src, out, conn, sim.Convolution())
    got = sorted((int(i), int(j), round(w, 3)) for i, j, w in proj.get("weight", "list"))
    expected = sorted((r * 4 + c, (r // 2) * 2 + c // 2, 0.2)
                      for r in range(4) for c in range(4))
    assert got == expected
    # stride 2, 3 x 3 kernel, 5 x 5 input: post (5 - 2) // 2 = 1 x 1; pre (r, c) is centred
    # on post ((r - 1) // 2, (c - 1) // 2) and reaches post 0 through kernel[1 - that]
    strided = sim.ConvolutionConnector(np.arange(9.0).reshape(3, 3) + 1, strides=2)
    assert strided.get_post_shape((5, 5)) == (1, 1)
    src5 = _grid((5, 5), sim.SpikeSourceArray(spike_times=[]))
    one = sim.Population(1, sim.IF_curr_exp(), structure=sim.Grid2D(1.0))
    proj2 = sim.Projection(src5, one, strided, sim.Convolution())
    got = {int(i): round(w, 3) for i, _, w in proj2.get("weight", "list")}
    expected = {}
    for r in range(5):
        for c in range(5):
            cr, cc = (r - 1) // 2, (c - 1) // 2
            kr, kc = 1 - cr, 1 - cc
            if 0 <= kr < 3 and 0 <= kc < 3:
                expected[r * 5 + c] = float(kr * 3 + kc + 1)
    assert got == expected


def test_bad_convolutions_are_refused(setup):
    with pytest.raises(ValueError, match="odd"):
        sim.ConvolutionConnector(np.ones((2, 2)))
    with pytest.raises(ValueError, match="kernel_shape"):
        sim.ConvolutionConnector(0.5)
    line = sim.Population(9, sim.SpikeSourceArray(spike_times=[]))
    out = _grid((1, 1), sim.IF_curr_exp())
    with pytest.raises(ValueError, match="2-d"):
        sim.Projection(line, out, sim.ConvolutionConnector(np.ones((3, 3))),
                       sim.Convolution())


def test_pool_dense_by_hand(setup):
    # a 5 x 2 (width x height) input pooled by (2, 1): pooled 2 x 2, x = 4 left out
    pre = sim.Population(10, sim.SpikeSourceArray(spike_times=[]), structure=sim.Grid2D(2.5))
    assert pre.geometry == (5, 2)
    post = sim.Population(3, sim.IF_curr_exp())
    matrix = np.arange(12.0).reshape(4, 3) / 10 - 0.3         # mixed signs, one zero
    conn = sim.PoolDenseConnector(matrix.ravel(), pool_shape=(2, 1))
    assert conn.get_post_pool_shape((5, 2)) == (2, 2)
    proj = sim.Projection(pre, post, conn, sim.PoolDense())
    got = sorted((int(i), int(j), round(w, 6)) for i, j, w in proj.get("weight", "list"))
    expected = []
    for i in range(10):
        x, y = i % 5, i // 5
        if x >= 4:
            continue
        q = x // 2 + y * 2
        expected += [(i, j, round(matrix[q, j], 6)) for j in range(3) if matrix[q, j] != 0]
    assert got == sorted(expected)
    assert sorted(e.synapse_type for e in proj.edges) == [0, 1]
    with pytest.raises(ValueError, match="weights"):
        sim.Projection(pre, post, sim.PoolDenseConnector(np.ones(5), pool_shape=2),
                       sim.PoolDense())
