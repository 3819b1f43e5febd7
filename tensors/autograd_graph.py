"""The computation graph autograd builds, read from torch itself.

Nodes and edges come from walking ``grad_fn.next_functions`` from the
output, as pytorchviz does. Forward values are recorded while the expression
runs (a ``TorchFunctionMode`` sees every op and its constant operands), and
backward gradients are captured with hooks on the graph's own nodes.

The last example is the running problem (``tensors.running``) at the start of
the fit (``tensors.training.SETUP``, w = b = 0): its data x and y require no
grad, so they are operands of the ops, not nodes, and only w and b are leaves.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import torch
from torch.overrides import TorchFunctionMode

from tensors import running, training
from tensors.fmt import num
from tensors.snippet import run

# How an op is drawn (TeX), without and with its constant operand, keyed by
# the torch function's name with dunders and the reflected "r" stripped.
OP_TEX = {
    "add": ("+", r"+\,{c}"),
    "sub": ("-", r"-\,{c}"),
    "mul": (r"\times", r"\times\,{c}"),
    "div": ("/", r"/\,{c}"),
    "pow": (r"\mathrm{pow}", r"(\cdot)^{{{c}}}"),
    "mean": (r"\mathrm{mean}", r"\mathrm{mean}\,{c}"),
}


def op_label(func_name: str, consts: list[str]) -> str:
    r"""The TeX drawn inside an op node: ``\times\,2``, ``(\cdot)^{3}``, ``+``."""
    name = func_name.strip("_")
    if name.startswith("r") and name[1:] in OP_TEX:
        name = name[1:]
    bare, with_const = OP_TEX.get(name, (name, name + r"\,{c}"))
    return with_const.format(c=", ".join(consts)) if consts else bare


@dataclass(frozen=True)
class Expression:
    """A formula as written (TeX and Python) and the leaves it starts from.

    ``setup`` creates the leaf tensors; ``code`` computes the output from them.
    Both are shown on screen exactly as they run. Tensors the setup makes
    without ``requires_grad`` (data) are drawn as operands, by name.
    """

    name: str
    tex: str
    setup: tuple[str, ...]
    code: str


@dataclass(frozen=True)
class GraphNode:
    """One node of the autograd graph, with its forward value and gradient.

    ``grad`` is d(output)/d(this node's value): for a leaf it is ``.grad``.
    ``depth`` is the longest path to the output (the output has depth 0);
    ``uses`` is how many inputs of other nodes its value feeds.
    """

    key: str
    torch_name: str
    is_leaf: bool
    label: str
    value: torch.Tensor
    grad: torch.Tensor
    depth: int
    uses: int


@dataclass(frozen=True)
class GraphEdge:
    """An edge from an input node to the node that consumes it.

    ``grad`` is the gradient the backward pass sends along it, back to ``src``.
    """

    src: str
    dst: str
    grad: torch.Tensor


@dataclass(frozen=True)
class ComputationGraph:
    """The whole graph of one expression, in forward (topological) order.

    ``op_count`` is how many operation nodes torch recorded (not leaves),
    ``leaf_count`` how many leaves (AccumulateGrad nodes) it has.
    """

    expression: Expression
    output: torch.Tensor
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    leaf_grads: tuple[tuple[str, torch.Tensor], ...]
    op_count: int
    leaf_count: int

    def node(self, key: str) -> GraphNode:
        return next(n for n in self.nodes if n.key == key)


LINEAR = Expression(
    "y", "y = 2x + 3", ("x = torch.tensor(2.0, requires_grad=True)",), "x * 2 + 3"
)
# A leaf used twice (y). Not the guide's Q12 function, x^2 y + y^3 at (2, 3):
# practice question 12 asks for that gradient.
POLY = Expression(
    "f",
    "f = xy + y^2",
    (
        "x = torch.tensor(3.0, requires_grad=True)",
        "y = torch.tensor(2.0, requires_grad=True)",
    ),
    "x * y + y ** 2",
)
# "PyTorch tracks this dynamically": a Python if picks the operation, so each
# forward pass builds the graph of the branch it took.
BRANCH_DEF = ("def f(x):", "    if x > 0:", "        return x * 3", "    return x ** 2")
BRANCH_XS = ("2.0", "-1.0")
# The running problem's loss at the start of the fit, on its own data.
RUNNING = Expression("loss", r"L = \mathrm{mean}((wx + b - y)^2)", training.SETUP,
                     running.LOSS)


def branch(x: str) -> Expression:
    """``f(x)`` for the branching ``f`` above, at ``x``."""
    # The leaf's line is split in two (inside the parentheses) to fit the screen.
    leaf = (f"x = torch.tensor({x},", "                 requires_grad=True)")
    return Expression("y", "y = f(x)", (*BRANCH_DEF, *leaf), "f(x)")


class _RecordOps(TorchFunctionMode):
    """Remember, for every op that builds a graph node, its output and label.

    ``data`` names the tensors that are operands, not nodes (no grad), by id.
    """

    def __init__(self, data: dict[int, str]) -> None:
        super().__init__()
        self.data = data
        self.outputs: dict[Any, tuple[torch.Tensor, str]] = {}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if isinstance(out, torch.Tensor) and out.grad_fn is not None:
            consts = [self.data[id(a)] if isinstance(a, torch.Tensor) else num(a)
                      for a in args
                      if not isinstance(a, torch.Tensor) or id(a) in self.data]
            label = op_label(getattr(func, "__name__", str(func)), consts)
            self.outputs[out.grad_fn] = (out.detach().clone(), label)
        return out


def trace(expr: Expression) -> ComputationGraph:
    """Run ``expr`` forward and backward and read the graph autograd built."""
    names = run("\n".join(expr.setup)).names
    tensors = {k: v for k, v in names.items() if isinstance(v, torch.Tensor)}
    leaves = {k: v for k, v in tensors.items() if v.requires_grad}
    leaf_names = {id(t): name for name, t in leaves.items()}
    recorder = _RecordOps({id(t): name for name, t in tensors.items()
                           if name not in leaves})
    with recorder:
        out = eval(expr.code, {"torch": torch}, dict(names))

    order, depth = _walk(out.grad_fn)
    node_grad: dict[Any, torch.Tensor] = {}
    edge_grad: dict[tuple[Any, Any], torch.Tensor] = {}
    handles = [
        fn.register_hook(_capture(fn, node_grad, edge_grad))
        for fn in order
        if not _is_leaf(fn)
    ]
    out.backward()
    for h in handles:
        h.remove()

    keys = {fn: f"n{i}" for i, fn in enumerate(order)}
    uses = {fn: sum(child is fn for parent in order
                    for child, _ in parent.next_functions) for fn in order}
    nodes = []
    for fn in order:
        if _is_leaf(fn):
            name = leaf_names[id(fn.variable)]
            value, grad = fn.variable.detach(), fn.variable.grad.detach()
            label = name
        else:
            value, label = recorder.outputs[fn]
            grad = node_grad[fn]
        nodes.append(
            GraphNode(keys[fn], fn.name().split("::")[-1], _is_leaf(fn), label, value,
                      grad, depth[fn], uses[fn])
        )
    edges = tuple(
        GraphEdge(keys[src], keys[dst], g) for (dst, src), g in edge_grad.items()
    )
    return ComputationGraph(
        expression=expr,
        output=out.detach(),
        nodes=tuple(nodes),
        edges=edges,
        leaf_grads=tuple((n, t.grad.detach()) for n, t in leaves.items()),
        op_count=sum(not _is_leaf(fn) for fn in order),
        leaf_count=sum(_is_leaf(fn) for fn in order),
    )


def _is_leaf(fn: Any) -> bool:
    return hasattr(fn, "variable")


def _walk(root: Any) -> tuple[list[Any], dict[Any, int]]:
    """Nodes from leaves to root (topological), and each one's longest depth."""
    depth: dict[Any, int] = {root: 0}
    queue = deque([root])
    while queue:
        fn = queue.popleft()
        for child, _ in fn.next_functions:
            if child is not None and depth.get(child, -1) < depth[fn] + 1:
                depth[child] = depth[fn] + 1
                queue.append(child)
    order = sorted(depth, key=lambda fn: -depth[fn])
    return order, depth


def _capture(fn, node_grad, edge_grad):
    def hook(grad_inputs, grad_outputs):
        node_grad[fn] = grad_outputs[0].detach()
        for (child, _), g in zip(fn.next_functions, grad_inputs):
            if child is not None and g is not None:
                edge_grad[(fn, child)] = g.detach()

    return hook


def linear_graph() -> ComputationGraph:
    """The guide's y = 2x + 3 at x = 2."""
    return trace(LINEAR)


def poly_graph() -> ComputationGraph:
    """f(x, y) = xy + y^2 at (3, 2): y is used twice; gradient (2, 7)."""
    return trace(POLY)


def branch_graphs() -> tuple[ComputationGraph, ...]:
    """The branching f traced once per x: a different graph each time."""
    return tuple(trace(branch(x)) for x in BRANCH_XS)


def running_graph() -> ComputationGraph:
    """The running problem's loss at w = b = 0: w.grad = -35, b.grad = -12."""
    return trace(RUNNING)


@dataclass(frozen=True)
class Graphs:
    """The graph scene's examples: two expressions, one ``if`` run twice, and
    the running problem's loss, whose gradient the fit-a-line chapter works
    out by hand."""

    linear: ComputationGraph
    poly: ComputationGraph
    branches: tuple[ComputationGraph, ...]
    branch_def: tuple[str, ...]
    running: ComputationGraph


def graphs() -> Graphs:
    return Graphs(linear_graph(), poly_graph(), branch_graphs(), BRANCH_DEF,
                  running_graph())
