"""The computation graph: values flow forward, gradients flow back.

Shows ``tensors.autograd_graph``: graphs read from real ``grad_fn`` /
``next_functions`` walks, with forward values recorded as the ops ran and
gradients captured by hooks on the graph's nodes during ``backward()``; then
one Python ``if`` run twice, building a different graph each time; then the
running problem's loss at w = b = 0, its graph and the ``.grad`` of w and b.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.arrows import BackwardArrow
from scenes.kit.base import LectureScene
from scenes.kit.code import gives
from scenes.kit.text import block, label, lines, tex
from tensors import fmt
from tensors.autograd_graph import ComputationGraph, graphs

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
NODE_ROW = 1.9
NODE_FILL = 1.6  # widest share of a node's diameter its label may take
GRAPH_WIDTH = 11.5
RUNNING_WIDTH = 13.2  # the running problem's graph: six columns, frame-wide


class GraphDiagram(VGroup):
    """A computation graph laid out by depth: leaves left, output right.

    ``nodes[key]`` is a circle with its op or leaf name, ``kinds[key]`` its
    torch class name (under it; above it in the top row; on the right of an
    output fed from other rows, clear of every arrow), ``values[key]`` its
    forward value (above it);
    ``edges[(src, dst)]`` an arrow from input to consumer, and ``backs`` the
    reversed gradient arrows beside them (on each edge's right; above an edge
    along the top row). Columns are the longest distance to the output, so a
    reused tensor (``y`` in ``xy + y^2``) sits once.
    ``spread`` scales the distances between nodes, never the nodes' text.
    With ``passes=False`` only the nodes, their names and the edges are built
    (no ``values``, no ``backs``): for a graph whose values are vectors. With
    ``stagger=True`` an op at an even depth takes its name above it, so the
    names along a long chain alternate up and down and stay clear of each other.
    """

    def __init__(self, graph: ComputationGraph, spread: float = 1,
                 passes: bool = True, stagger: bool = False) -> None:
        super().__init__()
        self.passes, self.stagger = passes, stagger
        deepest = max(n.depth for n in graph.nodes)
        columns: dict[int, list[str]] = {}
        for n in graph.nodes:
            columns.setdefault(n.depth, []).append(n.key)
        self.nodes: dict[str, VGroup] = {}
        self.kinds: dict[str, VGroup] = {}
        rows: dict[str, float] = {}
        for n in graph.nodes:
            column = columns[n.depth]
            row = rows[n.key] = column.index(n.key) - (len(column) - 1) / 2
            color = style.OPERAND_A if n.is_leaf else style.TEXT
            circle = Circle(radius=style.NODE_RADIUS, color=color,
                            stroke_width=style.EDGE_STROKE)
            text = tex(n.label, size=style.BODY_SIZE, color=color)
            text.scale_to_fit_width(min(text.width,
                                        style.NODE_RADIUS * NODE_FILL))
            node = VGroup(circle, text.move_to(circle))
            node.move_to((RIGHT * (deepest - n.depth) * style.NODE_COLUMN
                          + DOWN * row * NODE_ROW) * spread)
            self.nodes[n.key] = node
            # A node in the top row takes its class name above it, clear of
            # the edges that come up into it from below; the output, when its
            # inputs come from other rows (their arrows and the gradients sent
            # back run in from above and below), takes it on its right, where
            # nothing is drawn.
            side = UP if row < 0 or (stagger and not n.is_leaf
                                     and n.depth % 2 == 0) else DOWN
            if n.depth == 0 and any(rows[e.src] != row for e in graph.edges
                                    if e.dst == n.key):
                side = RIGHT
            self.kinds[n.key] = label(n.torch_name, size=style.TINY_SIZE,
                                      color=style.MUTED).next_to(node, side,
                                                                 buff=style.TIGHT)
        self.edges = {
            (e.src, e.dst): Arrow(self.nodes[e.src][0].get_center(),
                                  self.nodes[e.dst][0].get_center(),
                                  buff=style.NODE_RADIUS, color=style.MUTED,
                                  stroke_width=style.EDGE_STROKE,
                                  max_tip_length_to_length_ratio=style.TIP_RATIO)
            for e in graph.edges
        }
        self.add(*self.edges.values(), *self.nodes.values(), *self.kinds.values())
        self.values, self.backs = {}, {}
        if not passes:
            return
        self.values = {n.key: self.value_label(n) for n in graph.nodes}
        # Gradients run back on each edge's right (below a level edge); along
        # the top row, above it, so a label stays clear of the edges rising
        # into that row.
        self.backs = {
            (e.src, e.dst): BackwardArrow(
                self.nodes[e.src][0].get_center(), self.nodes[e.dst][0].get_center(),
                fmt.num(e.grad), side=1 if rows[e.src] == rows[e.dst] < 0 else -1)
            for e in graph.edges
        }
        self.add(*self.values.values(), *self.backs.values())

    def value_label(self, n) -> VGroup:
        """The node's forward value, above it (and above its name if that is up)."""
        node, kind = self.nodes[n.key], self.kinds[n.key]
        top = VGroup(node, kind) if kind.get_y() > node.get_y() else node
        return tex(fmt.num(n.value), size=style.BODY_SIZE, color=style.RESULT) \
            .next_to(top, UP, buff=style.TIGHT)

    def centers(self) -> list:
        return [node[0].get_center() for node in self.nodes.values()]

    def fitted(self, graph: ComputationGraph, width: float, height: float):
        """The same graph, its nodes moved closer so it fits ``width`` x ``height``.

        The size is the (fixed) size of a node's drawing plus the spread-scaled
        distance between node centres, so the spread that fits is read off one
        build; the text keeps its size, so it stays legible.
        """
        spread = 1
        for size, extent, axis in ((width, self.width, 0), (height, self.height, 1)):
            span = (max(c[axis] for c in self.centers())
                    - min(c[axis] for c in self.centers()))
            if extent > size and span > 0:
                spread = min(spread, (size - (extent - span)) / span)
        return self if spread == 1 else GraphDiagram(graph, spread, self.passes,
                                                       self.stagger)


class ForwardThenBackward(LectureScene):
    """y = 2x + 3, then f = xy + y^2 (y used twice), then a graph an if changes,
    then the running problem's loss and its gradient at the start of the fit."""

    LESSON = staticmethod(graphs)
    SHOWS = ("linear.output", "linear.leaf_grads", "poly.output", "poly.leaf_grads",
             "linear.nodes.*.torch_name", "poly.edges.*.grad",
             "branches.*.nodes.*.torch_name", "branches.*.leaf_grads", "branch_def",
             "running.expression.setup", "running.expression.code",
             "running.nodes.*.torch_name", "running.leaf_grads")
    HEADING = "Autograd: forward, then backward"

    def construct(self) -> None:
        heading = self.show_heading()
        linear, poly = self.data.linear, self.data.poly
        self.walk(linear, heading, self.linear_lines(linear))
        self.erratum("backward-output",
                     "One correction to the guide: backward returns nothing. "
                     "The gradient is stored in x dot grad.")
        self.clear_below(keep=[heading])
        self.walk(poly, heading, self.poly_lines(poly))
        self.clear_below(keep=[heading])
        self.branching(heading)
        self.clear_below(keep=[heading])
        self.running_problem(heading)

    def linear_lines(self, g: ComputationGraph) -> tuple[str, ...]:
        """What to say over the first graph: what a node is, forward, backward."""
        ops = [n.torch_name for n in g.nodes if not n.is_leaf]
        seed = fmt.num(g.nodes[-1].grad)
        (name, grad), = g.leaf_grads
        return (
            fmt.f("Every operation on a tensor that requires grad records a node. "
                  "For {} torch built {} of them, {}, plus an AccumulateGrad node "
                  "for the leaf {}, where its gradient will be stored.",
                  g.expression.tex, g.op_count, fmt.join(ops, " and "), name),
            fmt.f("Forward pass, left to right: each node computes its value from "
                  "its inputs, written above it. The output is {}.",
                  fmt.num(g.output)),
            fmt.f("Backward pass, right to left, on its own arrows: it starts from "
                  "{} at the output, and each node multiplies what it receives by "
                  "its local derivative and sends the result back to its inputs.",
                  seed),
            fmt.f("What reaches the leaf is stored in {} dot grad: {}.", name,
                  fmt.num(grad)),
        )

    def poly_lines(self, g: ComputationGraph) -> tuple[str, ...]:
        """The second graph: something new in every beat (the reused leaf)."""
        twice = next(n for n in g.nodes if n.is_leaf and n.uses > 1)
        into = [fmt.num(e.grad) for e in g.edges if e.src == twice.key]
        said = fmt.join([fmt.f("{} dot grad is {}", name, fmt.num(t))
                         for name, t in g.leaf_grads])
        return (
            fmt.f("Now {}, where {} is used twice. That makes {} operation nodes "
                  "and {} leaves, and {} feeds {} of them.", g.expression.tex,
                  twice.label, g.op_count, g.leaf_count, twice.label, twice.uses),
            fmt.f("The forward pass is the same idea: {} comes out as {}.",
                  g.expression.name, fmt.num(g.output)),
            fmt.f("Going back, the add passes its gradient unchanged to both "
                  "branches, and {} receives one gradient from each: {}.",
                  twice.label, fmt.join(into, " and ")),
            fmt.f("A leaf used twice adds up the gradients from both paths: {}.",
                  said),
        )

    def walk(self, graph: ComputationGraph, heading, said: tuple[str, ...]) -> None:
        expr = graph.expression
        source = lines([*expr.setup, expr.name + " = " + expr.code,
                        expr.name + ".backward()"])
        source.next_to(heading, DOWN, buff=style.GAP)
        source.to_edge(LEFT, buff=style.EDGE_BUFF)
        output = tex(fmt.f("{} = {}", expr.tex, fmt.num(graph.output)),
                     color=style.RESULT)
        grads = VGroup(*(
            tex(fmt.f(r"\frac{{\partial {}}}{{\partial {}}} = {}", expr.name, name,
                      fmt.num(g)), color=style.GRADIENT)
            for name, g in graph.leaf_grads
        )).arrange(RIGHT, buff=style.WIDE_GAP)
        panel = VGroup(output, grads).arrange(DOWN, aligned_edge=RIGHT, buff=style.GAP)
        panel.next_to(heading, DOWN, buff=style.GAP)
        panel.to_edge(RIGHT, buff=style.EDGE_BUFF)
        # One line at the bottom says, in words, what the numbers are (colour
        # alone must not carry that).
        keys = [label(text, size=style.SMALL_SIZE, color=style.MUTED)
                .to_edge(DOWN, buff=style.EDGE_BUFF)
                for text in ("Above each node: the value it computed.",
                             "Lower arrows, right to left: the gradient sent back.",
                             "A leaf's .grad is the sum of the gradients reaching it.")]
        top = min(source.get_bottom()[1], panel.get_bottom()[1]) - style.TIGHT
        bottom = max(k.get_top()[1] for k in keys) + style.GAP
        diagram = GraphDiagram(graph).fitted(graph, GRAPH_WIDTH, top - bottom)
        diagram.move_to(UP * (top + bottom) / 2)
        # Placed now, shown in their passes.
        diagram.remove(*diagram.values.values(), *diagram.backs.values())
        intro, forward, backward, stored = said
        with self.say(intro):
            self.play(Write(source), run_time=style.BEAT)
            # Step: the graph torch built, read from grad_fn.next_functions.
            self.play(FadeIn(diagram), run_time=style.BEAT)

        # Step: forward pass, leaves to output, each node gets its value.
        with self.say(forward):
            self.play(FadeIn(keys[0]), run_time=style.FAST)
            for n in graph.nodes:
                incoming = [a for (s, d), a in diagram.edges.items() if d == n.key]
                self.play(*(Indicate(a, color=style.RESULT) for a in incoming),
                          FadeIn(diagram.values[n.key]), run_time=style.FAST)
            self.play(Write(output), run_time=style.BEAT)

        # Step: backward pass, output to leaves, on reversed arrows of its own.
        with self.say(backward):
            self.play(FadeOut(keys[0]), FadeIn(keys[1]), run_time=style.FAST)
            for e in sorted(graph.edges, key=lambda e: graph.node(e.dst).depth):
                back = diagram.backs[(e.src, e.dst)]
                self.play(GrowArrow(back.arrow), FadeIn(back.label),
                          run_time=style.FAST)
        leaves = [diagram.nodes[n.key] for n in graph.nodes if n.is_leaf]
        with self.say(stored):
            self.play(FadeOut(keys[1]), FadeIn(keys[2]), run_time=style.FAST)
            self.play(LaggedStart(*(Indicate(m, color=style.GRADIENT)
                                    for m in leaves)),
                      FadeIn(grads), run_time=style.BEAT)
        self.hold()

    def branching(self, heading) -> None:
        """One function with an if, called twice: two different graphs."""
        d = self.data
        source = block(d.branch_def, size=style.CODE_SIZE)
        source.next_to(heading, DOWN, buff=style.GAP)
        source.to_edge(LEFT, buff=style.EDGE_BUFF)
        with self.say("The guide says PyTorch tracks this dynamically. It means the "
                      "graph is recorded while your Python runs, so an ordinary if "
                      "can change it from one forward pass to the next."):
            self.play(Write(source), run_time=style.BEAT)
        columns = VGroup()
        for g in d.branches:
            leaf = g.expression.setup[len(d.branch_def):]
            run = block([*leaf, "y = " + g.expression.code,
                         "y.grad_fn.name() " + gives(g.nodes[-1].torch_name)],
                        size=style.TINY_SIZE)
            diagram = GraphDiagram(g)
            (name, grad), = g.leaf_grads
            stored = tex(fmt.f(r"\frac{{\partial {}}}{{\partial {}}} = {}",
                               g.expression.name, name, fmt.num(grad)),
                         color=style.GRADIENT)
            columns.add(VGroup(run, diagram, stored).arrange(DOWN, buff=style.GAP))
        columns.arrange(RIGHT, aligned_edge=UP, buff=style.WIDE_GAP)
        columns.next_to(source, DOWN, buff=style.GAP).set_x(0)
        ways = ("one way", "the other way")
        for g, column, way in zip(d.branches, columns, ways):
            (name, grad), = g.leaf_grads
            x = fmt.num(g.nodes[0].value)
            op = g.nodes[-1].torch_name
            with self.say(fmt.f("Called with {} = {}, the if goes {}: the graph "
                                "ends in {}, and {} dot grad is {}.", name, x, way,
                                op, name, fmt.num(grad))):
                self.play(FadeIn(column[0]), run_time=style.BEAT)
                self.play(FadeIn(column[1]), FadeIn(column[2]), run_time=style.BEAT)
        with self.say("Same code, different graphs: torch builds a fresh graph on "
                      "every forward pass, and backward follows the one just built."):
            self.play(*(Indicate(c[1]) for c in columns), run_time=style.BEAT)
        self.hold()

    def running_problem(self, heading) -> None:
        """Our running problem's loss at w = b = 0: its graph, then .grad."""
        d = self.data
        g, expr = d.running, d.running.expression
        source = lines([*expr.setup, fmt.f("{} = {}", expr.name, expr.code),
                        expr.name + ".backward()"])
        source.next_to(heading, DOWN, buff=style.GAP)
        source.to_edge(LEFT, buff=style.EDGE_BUFF)
        grads = lines([fmt.f("{}.grad {}", name, gives(fmt.num(t)))
                       for name, t in g.leaf_grads], color=style.GRADIENT)
        grads.next_to(source, RIGHT, buff=style.WIDE_GAP, aligned_edge=DOWN)
        top = source.get_bottom()[1] - style.GAP
        bottom = -style.FRAME_HALF_HEIGHT + style.EDGE_BUFF
        diagram = GraphDiagram(g, passes=False, stagger=True) \
            .fitted(g, RUNNING_WIDTH, top - bottom)
        diagram.move_to(UP * (top + bottom) / 2)
        ops = [n.torch_name for n in reversed(g.nodes) if not n.is_leaf]
        (w, w_grad), (b, b_grad) = g.leaf_grads
        start = next(n for n in g.nodes if n.is_leaf).value
        with self.say(fmt.f(
                "Now our running problem: our four points, with w and b at {} as "
                "leaves that require grad. Computing its loss builds this graph. "
                "Read back from the output: {}, and an AccumulateGrad at {} and at "
                "{}. x and y need no gradient, so they get no node.", fmt.num(start),
                fmt.join(ops), w, b)):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(diagram), run_time=style.BEAT)
        leaves = [diagram.nodes[n.key] for n in g.nodes if n.is_leaf]
        with self.say(fmt.f(
                "loss dot backward walks it back to the leaves: {} dot grad is {} "
                "and {} dot grad is {}. A later chapter, Fit a line, works these "
                "two numbers out by hand on this same graph, then trains the line.",
                w, fmt.num(w_grad), b, fmt.num(b_grad))):
            self.play(LaggedStart(*(Indicate(m, color=style.GRADIENT)
                                    for m in leaves)),
                      FadeIn(grads), run_time=style.BEAT)
        self.hold()
