"""The autograd graph read from torch, against hand derivatives."""

import torch

from tensors.autograd_graph import (
    branch_graphs,
    linear_graph,
    poly_graph,
    running_graph,
)


def grads(g):
    return {name: t.item() for name, t in g.leaf_grads}


def test_linear_graph():
    g = linear_graph()
    # y = 2x + 3 at x = 2: y = 7, dy/dx = 2.
    assert g.output.item() == 7 and grads(g) == {"x": 2}
    assert [n.torch_name for n in g.nodes] == ["AccumulateGrad", "MulBackward0",
                                               "AddBackward0"]
    assert [n.value.item() for n in g.nodes] == [2, 4, 7]


def test_poly_graph_gradient_by_hand():
    g = poly_graph()
    x, y = 3.0, 2.0
    assert g.output.item() == x * y + y**2 == 10
    # df/dx = y = 2, df/dy = x + 2y = 7.
    assert grads(g) == {"x": y, "y": x + 2 * y} == {"x": 2, "y": 7}
    # Not practice Q12's answer (x^2 y + y^3 at (2, 3): 12, 31).
    assert grads(g) != {"x": 12, "y": 31}


def test_reused_leaf_gets_the_sum_of_its_edges():
    g = poly_graph()
    y = next(n for n in g.nodes if n.is_leaf and n.label == "y")
    into_y = [e.grad.item() for e in g.edges if e.src == y.key]
    assert sorted(into_y) == [3.0, 4.0]  # x from the product, 2y from y^2
    assert sum(into_y) == y.grad.item() == 7


def test_an_if_builds_a_different_graph_per_forward_pass():
    positive, negative = branch_graphs()
    names = [[n.torch_name for n in g.nodes] for g in (positive, negative)]
    assert names == [["AccumulateGrad", "MulBackward0"],
                     ["AccumulateGrad", "PowBackward0"]]
    # f(x) = 3x for x > 0 (slope 3), x^2 otherwise (slope 2x = -2 at x = -1).
    assert grads(positive) == {"x": 3} and grads(negative) == {"x": -2}
    assert (positive.output.item(), negative.output.item()) == (6, 1)


def test_every_edge_joins_known_nodes_towards_the_output():
    g = poly_graph()
    keys = {n.key: n for n in g.nodes}
    for e in g.edges:
        assert keys[e.src].depth > keys[e.dst].depth
    assert sum(1 for n in g.nodes if n.depth == 0) == 1


def test_counts_are_read_from_the_graph():
    linear, poly = linear_graph(), poly_graph()
    # y = 2x + 3: MulBackward0 and AddBackward0 on one leaf.
    assert (linear.op_count, linear.leaf_count) == (2, 1)
    # f = xy + y^2: mul, pow and add on the leaves x and y.
    assert (poly.op_count, poly.leaf_count) == (3, 2)
    uses = {n.label: n.uses for n in poly.nodes if n.is_leaf}
    assert uses == {"x": 1, "y": 2}  # y feeds the product and the square
    assert poly.nodes[-1].uses == 0  # nothing takes the output
    for g in (linear, poly):
        for n in g.nodes:
            assert n.uses == sum(e.src == n.key for e in g.edges)


def test_reused_leaf_graph_has_an_output_fed_from_two_rows():
    # The graph scene puts the output's class name on its right for this case:
    # its inputs (and the gradients sent back to them) come from above and below.
    g = poly_graph()
    out = next(n for n in g.nodes if n.depth == 0)
    inputs = [e.src for e in g.edges if e.dst == out.key]
    assert out.torch_name == "AddBackward0" and len(inputs) == 2


def test_running_problem_graph_is_the_loss_chain_at_the_start_of_the_fit():
    g = running_graph()
    # Read back from the output: mean, square, subtract y, add b, times x.
    ops = [n.torch_name for n in reversed(g.nodes) if not n.is_leaf]
    assert ops == ["MeanBackward0", "PowBackward0", "SubBackward0", "AddBackward0",
                   "MulBackward0"]
    leaves = {n.label: n.torch_name for n in g.nodes if n.is_leaf}
    assert leaves == {"w": "AccumulateGrad", "b": "AccumulateGrad"}
    # x and y need no grad: they are operands drawn in the ops, not nodes.
    labels = [n.label for n in g.nodes if not n.is_leaf]
    assert r"\times\,x" in labels and r"-\,y" in labels
    assert (g.op_count, g.leaf_count) == (5, 2)
    assert {n.label: n.value.item() for n in g.nodes if n.is_leaf} == {"w": 0, "b": 0}


def test_running_problem_gradient_by_hand_and_by_autograd_grad():
    x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 5.0, 7.0, 9.0]
    w = b = 0.0
    n = len(x)
    errors = [w * xi + b - yi for xi, yi in zip(x, y)]
    by_hand = (2 / n * sum(e * xi for e, xi in zip(errors, x)), 2 / n * sum(errors))
    assert by_hand == (-35, -12)
    g = running_graph()
    assert grads(g) == {"w": -35, "b": -12}
    assert g.output.item() == sum(e * e for e in errors) / n == 41
    # Another torch route: torch.autograd.grad on the expanded loss.
    tw = torch.zeros((), requires_grad=True)
    tb = torch.zeros((), requires_grad=True)
    tx, ty = torch.tensor(x), torch.tensor(y)
    loss = (tw * tw * (tx * tx).sum() + 2 * tw * tb * tx.sum() + n * tb * tb
            - 2 * tw * (tx * ty).sum() - 2 * tb * ty.sum() + (ty * ty).sum()) / n
    gw, gb = torch.autograd.grad(loss, (tw, tb))
    assert (gw.item(), gb.item()) == (-35, -12)
    # Not practice Q15's point (w = 1, b = 0).
    assert g.node("n0").value.item() != 1
