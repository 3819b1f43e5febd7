"""Marching squares against circles and lines whose level sets are known."""

import math

import numpy as np
import torch

from tensors.contours import contour, contours


def grid(n=41, half=2.0):
    xs = torch.linspace(-half, half, n)
    ys = torch.linspace(-half, half, n)
    y, x = torch.meshgrid(ys, xs, indexing="ij")
    return xs, ys, x, y


def test_circle_level_is_a_circle():
    xs, ys, x, y = grid()
    c = contour(xs, ys, x ** 2 + y ** 2, 1.0)
    r = np.hypot(*c.segments.reshape(-1, 2).numpy().T)
    assert np.allclose(r, 1.0, atol=0.01)
    # The segments go all the way round: their lengths add up to about 2 pi.
    lengths = (c.segments[:, 1] - c.segments[:, 0]).norm(dim=-1).sum()
    assert abs(float(lengths) - 2 * math.pi) < 0.05


def test_a_plane_gives_a_straight_line():
    xs, ys, x, y = grid(21)
    c = contour(xs, ys, x + 2 * y, 0.5)
    pts = c.segments.reshape(-1, 2).numpy()
    assert np.allclose(pts[:, 0] + 2 * pts[:, 1], 0.5, atol=1e-5)


def test_a_level_outside_the_values_has_no_segments():
    xs, ys, x, y = grid(11)
    assert contour(xs, ys, x ** 2 + y ** 2, 100.0).segments.shape == (0, 2, 2)
    assert [c.level for c in contours(xs, ys, x * y, torch.tensor([0.5, 1.0]))] == [
        0.5, 1.0]
