"""Contour lines of a function sampled on a grid (marching squares, in torch).

A contour map is how a lecture draws a surface flat: each line joins the
points where the function has one value. The scenes draw the segments this
module returns; they never evaluate the function themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Contour:
    """The level ``level`` of a grid: ``segments`` is (k, 2, 2), in (x, y) units."""

    level: float
    segments: torch.Tensor


# For each marching-squares case (bit 1: corner above the level, corners in
# the order bottom-left, bottom-right, top-right, top-left), the cell edges a
# segment joins. Edges: 0 bottom, 1 right, 2 top, 3 left. The two saddle cases
# (5, 10) are split one way; at lecture resolution the choice is invisible.
CASES: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 0),), 2: ((0, 1),), 3: ((3, 1),), 4: ((1, 2),),
    5: ((3, 2), (0, 1)), 6: ((0, 2),), 7: ((3, 2),), 8: ((2, 3),),
    9: ((2, 0),), 10: ((2, 1), (0, 3)), 11: ((2, 1),), 12: ((1, 3),),
    13: ((1, 0),), 14: ((0, 3),),
}


def contour(xs: torch.Tensor, ys: torch.Tensor, values: torch.Tensor,
            level: float) -> Contour:
    """Segments where ``values`` (rows follow ``ys``, columns ``xs``) is ``level``.

    ``xs`` and ``ys`` are increasing 1-D sample positions; ``values[i, j]``
    is the function at ``(xs[j], ys[i])``.
    """
    v = values.detach().cpu().double()
    x, y = xs.detach().cpu().double(), ys.detach().cpu().double()
    bl, br, tr, tl = v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]
    case = ((bl > level).int() + 2 * (br > level).int() + 4 * (tr > level).int()
            + 8 * (tl > level).int())

    def cross(a, b):  # where along an edge from corner a to corner b
        gap = b - a
        return torch.where(gap == 0, torch.full_like(gap, 0.5), (level - a) / gap)

    x0, x1 = x[:-1].expand_as(bl), x[1:].expand_as(bl)
    y0, y1 = y[:-1, None].expand_as(bl), y[1:, None].expand_as(bl)
    edges = (
        torch.stack([x0 + cross(bl, br) * (x1 - x0), y0], -1),  # bottom
        torch.stack([x1, y0 + cross(br, tr) * (y1 - y0)], -1),  # right
        torch.stack([x0 + cross(tl, tr) * (x1 - x0), y1], -1),  # top
        torch.stack([x0, y0 + cross(bl, tl) * (y1 - y0)], -1),  # left
    )
    parts = []
    for number, pairs in CASES.items():
        mask = case == number
        if mask.any():
            for a, b in pairs:
                parts.append(torch.stack([edges[a][mask], edges[b][mask]], 1))
    segments = torch.cat(parts) if parts else torch.zeros(0, 2, 2, dtype=v.dtype)
    return Contour(float(level), segments.float())


def contours(xs: torch.Tensor, ys: torch.Tensor, values: torch.Tensor,
             levels: torch.Tensor) -> tuple[Contour, ...]:
    """One ``Contour`` per level."""
    return tuple(contour(xs, ys, values, float(lv)) for lv in levels)
