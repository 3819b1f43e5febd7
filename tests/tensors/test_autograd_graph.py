"""The autograd graph read from torch, against hand derivatives."""

from tensors.autograd_graph import branch_graphs, linear_graph, poly_graph


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
