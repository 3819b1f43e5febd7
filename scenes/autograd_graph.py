"""The computation graph: values flow forward, gradients flow back.

Shows ``tensors.autograd_graph``: graphs read from real ``grad_fn`` /
``next_functions`` walks, with forward values recorded as the ops ran and
gradients captured by hooks on the graph's nodes during ``backward()``.
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
    Indicate,
    LaggedStart,
    FadeOut,
    VGroup,
    Write,
)

from scenes import style
from scenes.common import LectureScene, code, label, lines, tex
from tensors import fmt
from tensors.autograd_graph import ComputationGraph, graphs


class GraphDiagram(VGroup):
    """A computation graph laid out by depth: leaves left, output right.

    ``nodes[key]`` is a circle with its op or leaf name, ``kinds[key]`` its
    torch class name, ``values[key]`` its forward value; ``edges[(src, dst)]``
    an arrow from input to consumer. Columns are the longest distance to the
    output, so a reused tensor (``y`` in ``x^2 y + y^3``) sits once.
    ``spread`` scales the distances between nodes, never the nodes' text.
    """

    def __init__(self, graph: ComputationGraph, spread: float = 1) -> None:
        super().__init__()
        deepest = max(n.depth for n in graph.nodes)
        columns: dict[int, list[str]] = {}
        for n in graph.nodes:
            columns.setdefault(n.depth, []).append(n.key)
        self.nodes: dict[str, VGroup] = {}
        self.kinds: dict[str, VGroup] = {}
        for n in graph.nodes:
            column = columns[n.depth]
            row = column.index(n.key) - (len(column) - 1) / 2
            color = style.OPERAND_A if n.is_leaf else style.TEXT
            circle = Circle(radius=style.NODE_RADIUS, color=color,
                            stroke_width=style.EDGE_STROKE)
            text = tex(n.label, size=style.BODY_SIZE, color=color)
            text.scale_to_fit_width(min(text.width, style.NODE_RADIUS * style.NODE_FILL))
            node = VGroup(circle, text.move_to(circle))
            node.move_to((RIGHT * (deepest - n.depth) * style.NODE_COLUMN
                          + DOWN * row * style.NODE_ROW) * spread)
            self.nodes[n.key] = node
            self.kinds[n.key] = label(n.torch_name, size=style.TINY_SIZE,
                                      color=style.MUTED).next_to(node, DOWN,
                                                                 buff=style.TIGHT)
        self.edges = {
            (e.src, e.dst): Arrow(self.nodes[e.src][0].get_center(),
                                  self.nodes[e.dst][0].get_center(),
                                  buff=style.NODE_RADIUS, color=style.MUTED,
                                  stroke_width=style.EDGE_STROKE,
                                  max_tip_length_to_length_ratio=style.TIP_RATIO)
            for e in graph.edges
        }
        self.values = {
            n.key: tex(fmt.num(n.value), size=style.BODY_SIZE, color=style.RESULT)
            .next_to(self.kinds[n.key], DOWN, buff=style.TIGHT)
            for n in graph.nodes
        }
        self.add(*self.edges.values(), *self.nodes.values(), *self.kinds.values(),
                 *self.values.values())

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
            span = max(c[axis] for c in self.centers()) - min(c[axis] for c in self.centers())
            if extent > size and span > 0:
                spread = min(spread, (size - (extent - span)) / span)
        return self if spread == 1 else GraphDiagram(graph, spread)


class ForwardThenBackward(LectureScene):
    """y = 2x + 3 at x = 2, then f = x^2 y + y^3 at (2, 3): forward, backward."""

    LESSON = staticmethod(graphs)
    SHOWS = ("linear.output", "linear.leaf_grads", "poly.output", "poly.leaf_grads")
    HEADING = "Autograd: forward, then backward"

    def construct(self) -> None:
        heading = self.show_heading()
        for i, graph in enumerate((self.data.linear, self.data.poly)):
            if i:
                self.clear_below(keep=[heading])
            self.walk(graph, heading)
            if i == 0:
                self.erratum("backward-output",
                             "One correction to the guide: backward returns nothing. "
                             "The gradient is stored in x dot grad.")

    def walk(self, graph: ComputationGraph, heading) -> None:
        expr = graph.expression
        source = lines([*expr.setup, f"{expr.name} = {expr.code}",
                        f"{expr.name}.backward()"])
        source.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT, buff=style.EDGE_BUFF)
        output = tex(rf"{expr.tex} = {fmt.num(graph.output)}", color=style.RESULT)
        grads = VGroup(*(
            tex(rf"\frac{{\partial {expr.name}}}{{\partial {name}}} = {fmt.num(g)}",
                color=style.GRADIENT)
            for name, g in graph.leaf_grads
        )).arrange(RIGHT, buff=style.WIDE_GAP)
        panel = VGroup(output, grads).arrange(DOWN, aligned_edge=RIGHT, buff=style.GAP)
        panel.next_to(heading, DOWN, buff=style.GAP).to_edge(RIGHT, buff=style.EDGE_BUFF)
        # One line at the bottom says, in words, what the numbers under nodes and
        # on arrows are (colour alone must not carry that).
        keys = [label(text, size=style.SMALL_SIZE, color=style.MUTED)
                .to_edge(DOWN, buff=style.EDGE_BUFF)
                for text in ("Under each node: the value it computed.",
                             "On each arrow: the gradient passed back along it.",
                             "A leaf's .grad is the sum of the gradients arriving at it.")]
        top = min(source.get_bottom()[1], panel.get_bottom()[1]) - style.TIGHT
        bottom = max(k.get_top()[1] for k in keys) + style.GAP
        diagram = GraphDiagram(graph).fitted(graph, style.GRAPH_WIDTH, top - bottom)
        diagram.move_to(UP * (top + bottom) / 2)
        diagram.remove(*diagram.values.values())  # placed now, shown in the forward pass
        ops = [n for n in graph.nodes if not n.is_leaf]
        with self.say(f"Every operation on a tensor that requires grad leaves a node "
                      f"behind. Here torch built {len(ops)} of them."):
            self.play(Write(source), run_time=style.BEAT)
            # Step: the graph torch built, read from grad_fn.next_functions.
            self.play(FadeIn(diagram), run_time=style.BEAT)

        # Step: forward pass, leaves to output, each node gets its value.
        with self.say(f"Forward pass: values flow from the leaves to the output, "
                      f"which comes out as {fmt.num(graph.output)}."):
            self.play(FadeIn(keys[0]), run_time=style.FAST)
            for n in graph.nodes:
                incoming = [a for (s, d), a in diagram.edges.items() if d == n.key]
                self.play(*(Indicate(a, color=style.RESULT) for a in incoming),
                          FadeIn(diagram.values[n.key]), run_time=style.FAST)
            self.play(Write(output), run_time=style.BEAT)

        # Step: backward pass, output to leaves, gradients ride the edges.
        with self.say("Backward pass: starting from the output, each node passes a "
                      "gradient back along every edge it came from."):
            self.play(FadeOut(keys[0]), FadeIn(keys[1]), run_time=style.FAST)
            for e in sorted(graph.edges, key=lambda e: graph.node(e.dst).depth):
                arrow = diagram.edges[(e.src, e.dst)]
                grad = tex(fmt.num(e.grad), color=style.GRADIENT)
                grad.add_background_rectangle(color=style.BACKGROUND, opacity=1)
                grad.move_to(arrow.point_from_proportion(style.EDGE_LABEL_AT))
                self.play(arrow.animate.set_color(style.GRADIENT), FadeIn(grad),
                          run_time=style.FAST)
        leaves = [diagram.nodes[n.key] for n in graph.nodes if n.is_leaf]
        said = ", ".join(f"{name} gets {fmt.num(g)}" for name, g in graph.leaf_grads)
        with self.say(f"What reaches the leaves is stored in dot grad: {said}."):
            self.play(LaggedStart(*(Indicate(m, color=style.GRADIENT) for m in leaves)),
                      FadeIn(grads), run_time=style.BEAT)
        with self.say("A leaf used twice adds up the gradients from both paths."):
            self.play(FadeOut(keys[1]), FadeIn(keys[2]), run_time=style.FAST)
        self.hold()
