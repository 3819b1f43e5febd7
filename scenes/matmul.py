"""Matrix multiplication as row times column, and the chain rule along a graph.

Shows ``tensors.core.matmul()`` (the guide's ``E = A @ B`` entry by entry,
the inner-dimension rule with real shapes, our running problem as one
``X @ theta``, and the errors torch raises) and
``tensors.core.chain_rule()`` (a chain of another shape than practice Q13's:
each link's derivative by hand, multiplied along the chain, then checked with
``y.backward()`` and ``x.grad``).
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
    MathTex,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import style
from scenes.kit.arrows import BackwardArrow
from scenes.kit.base import LectureScene
from scenes.kit.code import gives
from scenes.kit.grids import CellGrid
from scenes.kit.text import code, label, lines, tex
from tensors import fmt
from tensors.core import ShapeRule, chain_rule, matmul

# Layout only this module uses (the lecture's look is scenes/kit/style.py).
RUNNING_CELL = 0.75  # cells of our running problem's X, theta and X @ theta


def outline(mobject, color: str = style.HIGHLIGHT) -> SurroundingRectangle:
    """A thick box around the cells being combined (colour is never the only cue)."""
    return SurroundingRectangle(mobject, color=color, buff=0,
                                stroke_width=style.HIGHLIGHT_STROKE)


def error_lines(r) -> VGroup:
    """``RuntimeError:`` and torch's message, wrapped."""
    return lines([r.error_type + ":", *fmt.lines(r.error, style.WRAP)],
                 color=style.ERROR)


def shape_product(rule: ShapeRule, color: str) -> MathTex:
    r"""``(m \times n)(n \times p) = (m \times p)``, real sizes; parts 1, 3 are n.

    A 1-D right operand is written ``(n)``: ``(m \times n)(n) = (m)``.
    """
    (m, n), (k, *p) = rule.left, rule.right
    out = (fmt.f("= ({})", fmt.shape_tex(rule.out)) if rule.out is not None
           else r"\;\rightarrow\;?")
    close = fmt.f(r"\,\times {})", p[0]) if p else r"\,)"
    parts = (fmt.f(r"({} \times\,", m), fmt.num(n), r"\,)\,(\,", fmt.num(k),
             close, out)
    formula = MathTex(*map(str, parts), font_size=style.TITLE_SIZE + style.TEX_BOOST,
                      color=color)
    formula.shown = fmt.join(parts, formula.arg_separator)  # as scenes.kit.text.tex
    return formula


class MatmulRowTimesColumn(LectureScene):
    """``matmul()``: each entry of A @ B as a row of A dotted with a column of B,
    the shape rule, and our running problem as X @ theta."""

    LESSON = staticmethod(matmul)
    SHOWS = ("pair.a", "pair.b", "product.value", "entries.0.tex", "rule.out",
             "rule.left", "rule.right", "clash.run.error", "dot.error",
             "dot_row_column.value", "running.batch.code", "running.params.code",
             "running.X", "running.theta", "running.product.value",
             "running.rule.left", "running.rule.right", "running.rule.out",
             "running.first.tex", "running.check.code", "running.check.value")
    HEADING = "Matrix multiplication: row times column"

    def construct(self) -> None:
        heading = self.show_heading()
        self.entry_by_entry(heading)
        self.clear_below(keep=[heading])
        self.inner_sizes(heading)
        self.clear_below(keep=[heading])
        self.running_problem(heading)
        self.clear_below(keep=[heading])
        self.not_a_dot(heading)
        self.hold()

    def entry_by_entry(self, heading) -> None:
        d = self.data
        p = d.pair
        source = lines(["A = " + p.a_code, "B = " + p.b_code, "E = " + d.product.code])
        source.next_to(heading, DOWN, buff=style.GAP)
        a = CellGrid(fmt.grid(p.a), color=style.OPERAND_A)
        b = CellGrid(fmt.grid(p.b), color=style.OPERAND_B)
        e = CellGrid(fmt.grid(d.product.value), color=style.RESULT)
        at, equals = tex("@", size=style.TITLE_SIZE), tex("=", size=style.TITLE_SIZE)
        row = VGroup(a, at, b, equals, e).arrange(RIGHT, buff=style.WIDE_GAP)
        row.next_to(source, DOWN, buff=style.WIDE_GAP)
        with self.say("Matrix multiplication, the at sign, mixes rows and columns. "
                      "Each entry of E takes a whole row of A and a whole column "
                      "of B."):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(a), FadeIn(at), FadeIn(b), FadeIn(equals),
                      *(FadeIn(sq) for r in e.cells for sq in r), run_time=style.BEAT)

        # Step: one entry at a time: row i of A, column j of B, E[i, j].
        first, *rest = d.entries
        work = self.fill_entry(first, a, b, e, row)
        with self.say(fmt.f("Row {} of A times column {} of B: {} times {}, plus {} "
                            "times {}, gives {}.", first.i, first.j,
                            fmt.num(first.row[0]), fmt.num(first.column[0]),
                            fmt.num(first.row[1]), fmt.num(first.column[1]),
                            fmt.num(first.value))):
            self.play(FadeIn(work[0]), FadeIn(work[1]), run_time=style.BEAT)
            self.play(TransformFromCopy(VGroup(*a.entries[first.i],
                                               *(r[first.j] for r in b.entries)),
                                        e.entries[first.i][first.j]),
                      run_time=style.BEAT)
        with self.say("The same for every entry: pick the row, pick the column, "
                      "multiply the pairs and add them up."):
            for entry in rest:
                new = self.fill_entry(entry, a, b, e, row)
                self.play(FadeOut(work[0]), FadeOut(work[1]), FadeIn(new[0]),
                          FadeIn(new[1]), run_time=style.FAST)
                self.play(FadeIn(e.entries[entry.i][entry.j]), run_time=style.FAST)
                work = new

    def fill_entry(self, entry, a, b, e, row) -> tuple[VGroup, MathTex]:
        """The outlines and tags for one entry, and its sum written out."""
        boxes = VGroup(outline(a.row(entry.i)),
                       outline(VGroup(*(r[entry.j] for r in b.cells))),
                       outline(e.cells[entry.i][entry.j]))
        tags = VGroup(
            label(fmt.f("row {}", entry.i), size=style.SMALL_SIZE,
                  color=style.HIGHLIGHT)
            .next_to(boxes[0], LEFT, buff=style.TIGHT),
            label(fmt.f("column {}", entry.j), size=style.SMALL_SIZE,
                  color=style.HIGHLIGHT).next_to(boxes[1], UP, buff=style.TIGHT),
        )
        formula = tex(entry.tex, size=style.TITLE_SIZE, color=style.HIGHLIGHT)
        formula.next_to(row, DOWN, buff=style.WIDE_GAP)
        return VGroup(boxes, tags), formula

    def inner_sizes(self, heading) -> None:
        d = self.data
        general = tex(r"(m \times n)\,(n \times p) = (m \times p)",
                      size=style.TITLE_SIZE)
        general.next_to(heading, DOWN, buff=style.WIDE_GAP)
        note = label("the inner sizes n must be equal; the outer ones give the result",
                     size=style.SMALL_SIZE, color=style.MUTED)
        note.next_to(general, DOWN, buff=style.GAP)
        with self.say("The rule for shapes: the inner sizes must be equal, and the "
                      "result takes the outer ones."):
            self.play(Write(general), FadeIn(note), run_time=style.BEAT)

        # Step: shapes that fit, run for real (not Q8's: that is for practice).
        ok = self.shape_case(d.rule, style.RESULT, note)
        info = code(fmt.f("{}  .shape = {}", d.rule.run.code, fmt.shape(d.rule.out)),
                    color=style.RESULT).next_to(ok, DOWN, buff=style.GAP)
        (m, n), (_, p) = d.rule.left, d.rule.right
        with self.say(fmt.f("For example, {} by {} times {} by {}. The inner sizes "
                            "match, so the result is {} by {}.", m, n, n, p, m, p)):
            self.play(FadeIn(ok), run_time=style.BEAT)
            self.play(FadeIn(info), run_time=style.FAST)

        # Step: inner sizes that differ, and what torch says.
        self.play(FadeOut(ok), FadeOut(info), run_time=style.FAST)
        bad = self.shape_case(d.clash, style.ERROR, note)
        source = code(d.clash.run.code).next_to(bad, DOWN, buff=style.GAP)
        error = error_lines(d.clash.run).next_to(source, DOWN, buff=style.GAP)
        (_, n), (k, _) = d.clash.left, d.clash.right
        with self.say(fmt.f("Two {} matrices: the inner sizes {} and {} differ, and "
                            "torch refuses.", fmt.shape(d.clash.left), n, k)):
            self.play(FadeIn(bad), Write(source), run_time=style.BEAT)
            self.play(FadeIn(error, shift=UP * style.SHIFT), run_time=style.BEAT)

    def shape_case(self, rule: ShapeRule, color: str, above) -> VGroup:
        """The shapes of ``rule`` with its two inner sizes boxed."""
        shapes = shape_product(rule, color).next_to(above, DOWN, buff=style.WIDE_GAP)
        boxes = VGroup(*(SurroundingRectangle(inner, color=style.HIGHLIGHT,
                                              buff=style.TIGHT / 2)
                         for inner in shapes[1::2][:2]))
        n, k = rule.left[-1], rule.right[0]
        verdict = "equal" if rule.out is not None else "different"
        note = label(fmt.f("inner sizes {} and {}: {}", n, k, verdict),
                     size=style.SMALL_SIZE, color=style.HIGHLIGHT)
        return VGroup(shapes, boxes, note.next_to(shapes, DOWN, buff=style.TIGHT))

    def running_problem(self, heading) -> None:
        """Our running problem with two features: X @ theta is w * x + b."""
        r = self.data.running
        intro = label(fmt.f("Our running problem, at the guess w = {}, b = {}",
                            fmt.num(r.w), fmt.num(r.b)), size=style.SMALL_SIZE,
                      color=style.MUTED)
        source = lines([r.batch.code, r.params.code], size=style.SMALL_SIZE)
        top = VGroup(intro, source).arrange(DOWN, aligned_edge=LEFT, buff=style.GAP)
        top.next_to(heading, DOWN, buff=style.GAP).to_edge(LEFT, buff=style.EDGE_BUFF)
        x = CellGrid(fmt.grid(r.X), color=style.OPERAND_A, cell=RUNNING_CELL)
        theta = CellGrid(fmt.column(r.theta), color=style.OPERAND_B,
                         cell=RUNNING_CELL)
        out = CellGrid(fmt.column(r.product.value), color=style.RESULT,
                       cell=RUNNING_CELL)
        at, equals = tex("@", size=style.TITLE_SIZE), tex("=", size=style.TITLE_SIZE)
        row = VGroup(x, at, theta, equals, out).arrange(RIGHT, buff=style.GAP)
        row.next_to(top, DOWN, buff=style.WIDE_GAP).to_edge(LEFT,
                                                           buff=style.EDGE_BUFF)
        heads = VGroup(*(label(h, size=style.SMALL_SIZE, color=style.MUTED)
                         .next_to(c, UP, buff=style.TIGHT)
                         for h, c in zip(("x", "ones"), x.cells[0])))
        names = VGroup(*(code(n, size=style.SMALL_SIZE, color=col)
                         .next_to(g, DOWN, buff=style.TIGHT)
                         for n, col, g in (("X", style.OPERAND_A, x),
                                           ("theta", style.OPERAND_B, theta),
                                           (r.product.code, style.RESULT, out))))
        (m, n), (k,) = r.rule.left, r.rule.right
        with self.say(fmt.f("Our running problem, with two features: stack x beside "
                            "a column of ones. X is {} by {}, one row per point, and "
                            "theta holds w and b.", m, n)):
            self.play(FadeIn(top), run_time=style.BEAT)
            self.play(FadeIn(x), FadeIn(heads), FadeIn(at), FadeIn(theta),
                      FadeIn(names[:2]), run_time=style.BEAT)

        # Step: the shape rule: (4 x 2)(2) = (4), the inner sizes boxed.
        rule = self.shape_case(r.rule, style.RESULT, top)
        rule.next_to(row, RIGHT, buff=style.GAP).align_to(row, UP)
        with self.say(fmt.f("The inner sizes, {} and {}, match, so X at theta has "
                            "shape {}: one number per point.", n, k,
                            fmt.shape(r.rule.out))):
            self.play(FadeIn(rule), run_time=style.BEAT)
            self.play(FadeIn(equals), FadeIn(out), FadeIn(names[2]),
                      run_time=style.BEAT)

        # Step: the first point's row times the column theta.
        first = r.first
        boxes = VGroup(outline(x.row(first.i)), outline(theta),
                       outline(out.cells[first.i][0]))
        formula = tex(first.tex, size=style.BODY_SIZE, color=style.HIGHLIGHT)
        formula.next_to(rule, DOWN, buff=style.WIDE_GAP).align_to(rule, LEFT)
        with self.say(fmt.f("Row {} times theta: {} times w plus {} times b, which is "
                            "{}. The second column, all ones, is the feature that b "
                            "multiplies.", first.i, fmt.num(first.row[0]),
                            fmt.num(first.row[1]), fmt.num(first.value))):
            self.play(FadeIn(boxes), Write(formula), run_time=style.BEAT)
            self.play(Indicate(heads[1], color=style.HIGHLIGHT), run_time=style.FAST)

        # Step: torch checks it: one @ is w * x + b at every point.
        check = code(r.check.code + " " + gives(fmt.num(r.check.value)),
                     size=style.SMALL_SIZE, color=style.RESULT)
        check.next_to(formula, DOWN, buff=style.WIDE_GAP).align_to(formula, LEFT)
        with self.say(fmt.f("So one at sign computes w times x plus b for every point "
                            "at once, and torch.equal says {}.",
                            fmt.num(r.check.value))):
            self.play(FadeOut(boxes), FadeIn(check), run_time=style.BEAT)

    def not_a_dot(self, heading) -> None:
        d = self.data
        source = code(d.dot.code).next_to(heading, DOWN, buff=style.WIDE_GAP)
        error = error_lines(d.dot).next_to(source, DOWN, buff=style.GAP)
        with self.say("The guide calls matrix multiplication a dot product. But "
                      "torch dot only takes two flat vectors; on A and B it fails."):
            self.play(Write(source), run_time=style.BEAT)
            self.play(FadeIn(error, shift=UP * style.SHIFT), run_time=style.BEAT)
        r = d.dot_row_column
        works = VGroup(code(r.code), tex(fmt.f("= {}", fmt.num(r.value)),
                                         color=style.RESULT))
        works.arrange(RIGHT, buff=style.GAP).next_to(error, DOWN, buff=style.WIDE_GAP)
        first = d.entries[0]
        why = label(fmt.f("row {} of A with column {} of B: the entry E[{}, {}] of "
                          "A @ B", first.i, first.j, first.i, first.j),
                    size=style.SMALL_SIZE, color=style.MUTED)
        why.next_to(works, DOWN, buff=style.GAP)
        with self.say(fmt.f("Given one row of A and one column of B, it works, and "
                            "gives {}: exactly one entry of A at B.",
                            fmt.num(r.value))):
            self.play(FadeIn(works), run_time=style.BEAT)
            self.play(FadeIn(why), run_time=style.FAST)


class ChainDiagram(VGroup):
    """x -> u -> y as three nodes, each with its forward value beside it (above).

    ``values`` belong to the group (they move with it) but are shown separately;
    ``backward(texts)`` makes the reversed, gradient-coloured arrows under the
    forward ones, one label per link, written beside (under) its arrow.
    """

    def __init__(self, names, values) -> None:
        super().__init__()
        self.nodes, self.values = VGroup(), VGroup()
        for k, (name, value) in enumerate(zip(names, values)):
            color = style.OPERAND_A if k == 0 else style.TEXT
            circle = Circle(radius=style.NODE_RADIUS, color=color,
                            stroke_width=style.EDGE_STROKE)
            node = VGroup(circle, tex(name, size=style.HEADING_SIZE, color=color))
            node.move_to(RIGHT * k * style.NODE_COLUMN)
            self.nodes.add(node)
            self.values.add(tex(fmt.f("{} = {}", name, value), color=style.RESULT)
                            .next_to(node, UP, buff=style.TIGHT))
        self.edges = VGroup(*(Arrow(a.get_right(), b.get_left(), color=style.MUTED,
                                    stroke_width=style.EDGE_STROKE,
                                    max_tip_length_to_length_ratio=style.TIP_RATIO)
                              for a, b in zip(self.nodes, self.nodes[1:])))
        self.add(self.edges, self.nodes, self.values)

    def backward(self, texts) -> list[BackwardArrow]:
        """One backward arrow per link, ``texts[k]`` for the link k -> k + 1."""
        return [BackwardArrow(a[0].get_center(), b[0].get_center(), t, side=-1)
                for a, b, t in zip(self.nodes, self.nodes[1:], texts)]


class ChainRule(LectureScene):
    """``chain_rule()``: dy/du and du/dx by hand, multiplied, then x.grad agrees."""

    LESSON = staticmethod(chain_rule)
    SHOWS = ("x", "u", "y", "dy_du", "du_dx", "product", "dy_dx")
    HEADING = "The chain rule: multiply along the chain"

    def construct(self) -> None:
        heading = self.show_heading()
        d = self.data
        rule = tex(r"y = f(g(x)) \quad\Rightarrow\quad "
                   r"\frac{dy}{dx} = \frac{dy}{dg}\cdot\frac{dg}{dx}",
                   size=style.HEADING_SIZE)
        rule.next_to(heading, DOWN, buff=style.GAP)
        with self.say("When one function feeds another, their slopes multiply: "
                      "that is the chain rule."):
            self.play(Write(rule), run_time=style.BEAT)
        problem = tex(fmt.f(r"\text{{Example:}}\quad {},\quad {},\quad x = {}",
                            d.u_tex, d.y_tex, fmt.num(d.x)), color=style.HIGHLIGHT)
        problem.next_to(rule, DOWN, buff=style.GAP)
        forward = lines(d.forward_code).next_to(problem, DOWN, buff=style.GAP)
        chain = ChainDiagram(("x", "u", "y"), [fmt.num(v) for v in (d.x, d.u, d.y)])
        chain.next_to(forward, DOWN, buff=style.WIDE_GAP)
        with self.say(fmt.f("An example: u = {} x minus one, and y is one over u, at "
                            "x = {}. Forward, u is {} and y is {}, written beside each "
                            "node.", d.du_dx, fmt.num(d.x), fmt.num(d.u),
                            fmt.num(d.y))):
            self.play(FadeIn(problem), Write(forward), run_time=style.BEAT)
            self.play(FadeIn(chain.edges), FadeIn(chain.nodes), run_time=style.BEAT)
            self.play(FadeIn(chain.values), run_time=style.FAST)
        # Step: make room: the problem and its chain move up under the heading.
        self.play(FadeOut(rule), FadeOut(forward), run_time=style.FAST)
        top = VGroup(problem, chain)
        self.play(top.animate.next_to(heading, DOWN, buff=style.GAP),
                  run_time=style.FAST)
        self.play(chain.animate.next_to(problem, DOWN, buff=style.GAP),
                  run_time=style.FAST)
        self.pieces(chain)
        self.hold()

    def pieces(self, chain: ChainDiagram) -> None:
        d = self.data
        # Step: each link's own derivative, by hand, at the forward values.
        backs = chain.backward([fmt.f(r"\frac{{du}}{{dx}} = {}", fmt.num(d.du_dx)),
                                fmt.f(r"\frac{{dy}}{{du}} = {}", fmt.num(d.dy_du))])
        grads = VGroup(*(b.label for b in backs))
        hand = VGroup(label("by hand:", size=style.SMALL_SIZE, color=style.MUTED),
                      *(tex(t) for t in reversed(d.by_hand)))
        hand.arrange(RIGHT, buff=style.WIDE_GAP).next_to(VGroup(chain, *backs), DOWN,
                                                         buff=style.GAP)
        with self.say(fmt.f("First by hand, one link at a time. u = {} x minus one "
                            "has slope {} everywhere. y = one over u has derivative "
                            "minus one over u squared: at u = {} that is {}.",
                            d.du_dx, d.du_dx, fmt.num(d.u), fmt.num(d.dy_du))):
            self.play(FadeIn(hand), run_time=style.BEAT)
            self.play(FadeIn(grads), run_time=style.BEAT)

        # Step: going back along the chain, the link derivatives multiply.
        product = tex(fmt.f(r"\frac{{dy}}{{dx}} = {} \times {} = {}", fmt.num(d.dy_du),
                            fmt.num(d.du_dx), fmt.num(d.product)),
                      size=style.TITLE_SIZE, color=style.GRADIENT)
        product.next_to(hand, DOWN, buff=style.GAP)
        with self.say(fmt.f("Going back along the chain, from y to x, the link "
                            "derivatives multiply: {} times {} is {}.",
                            fmt.num(d.dy_du), fmt.num(d.du_dx), fmt.num(d.product))):
            for back in reversed(backs):
                self.play(GrowArrow(back.arrow), Indicate(back.label,
                                                          color=style.GRADIENT),
                          run_time=style.BEAT)
            self.play(Write(product), Indicate(chain.nodes[0]), run_time=style.BEAT)

        # Step: autograd, on the whole chain, agrees.
        whole = code(fmt.join(list(d.whole_code), "; "))
        answer = tex(fmt.f(r"\Rightarrow\ {}", fmt.num(d.dy_dx)), color=style.RESULT)
        VGroup(whole, answer).arrange(RIGHT, buff=style.GAP).next_to(product, DOWN,
                                                                     buff=style.GAP)
        with self.say(fmt.f("Now let autograd check it. y dot backward does this same "
                            "walk from y back to x, and leaves dy by dx in x dot "
                            "grad: {}, as by hand.", fmt.num(d.dy_dx))):
            self.play(Write(whole), run_time=style.BEAT)
            self.play(FadeIn(answer), run_time=style.FAST)
