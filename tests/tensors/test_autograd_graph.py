"""The autograd graph read from torch, against hand derivatives."""

from tensors.autograd_graph import linear_graph, poly_graph


def grads(g):
    return {name: t.item() for name, t in g.leaf_grads}


def test_linear_graph():
    g = linear_graph()
    # y = 2x + 3 at x = 2: y = 7, dy/dx = 2.
    assert g.output.item() == 7 and grads(g) == {"x": 2}
    assert [n.torch_name for n in g.nodes] == ["AccumulateGrad", "MulBackward0",
                                               "AddBackward0"]
    assert [n.value.item() for n in g.nodes] == [2, 4, 7]


def test_poly_graph_gradient_is_12_31():
    g = poly_graph()
    x, y = 2.0, 3.0
    assert g.output.item() == x**2 * y + y**3
    # Guide A12: df/dx = 2xy = 12, df/dy = x^2 + 3y^2 = 31.
    assert grads(g) == {"x": 2 * x * y, "y": x**2 + 3 * y**2} == {"x": 12, "y": 31}


def test_reused_leaf_gets_the_sum_of_its_edges():
    g = poly_graph()
    y = next(n for n in g.nodes if n.is_leaf and n.label == "y")
    into_y = [e.grad.item() for e in g.edges if e.src == y.key]
    assert sorted(into_y) == [4.0, 27.0]  # x^2 from the product, 3y^2 from y^3
    assert sum(into_y) == y.grad.item() == 31


def test_every_edge_joins_known_nodes_towards_the_output():
    g = poly_graph()
    keys = {n.key: n for n in g.nodes}
    for e in g.edges:
        assert keys[e.src].depth > keys[e.dst].depth
    assert sum(1 for n in g.nodes if n.depth == 0) == 1
