"""Tensors and tables drawn as grids: ``CellGrid`` (one square per element)
and ``Table`` (rows of coloured cells in monospace columns).
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import DOWN, RIGHT, Square, Text, VGroup

from scenes.kit import style, visuals
from scenes.kit.text import make_text
from tensors import fmt


class CellGrid(VGroup):
    """A tensor drawn as a grid of square cells, one string per cell.

    ``cells[r][c]`` is the square, ``entries[r][c]`` the text inside it;
    each entry's ``cell`` is ``(grid, r, c)``, so the screen tests can check
    that the value bound to it (``fmt.grid``) is the element at that place.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        color: str = style.TEXT,
        cell: float = style.CELL,
        font_size: int = style.CELL_SIZE,
    ) -> None:
        super().__init__()
        self.cells: list[list[Square]] = []
        self.entries: list[list[Text]] = []
        for r, row in enumerate(rows):
            cell_row, entry_row = [], []
            for c, value in enumerate(row):
                square = Square(
                    side_length=cell, color=color, stroke_width=style.CELL_STROKE
                )
                square.set_fill(color, opacity=style.CELL_FILL_OPACITY)
                square.move_to(RIGHT * c * cell + DOWN * r * cell)
                entry = make_text(
                    value, font=style.MONO, font_size=font_size, color=style.TEXT
                )
                entry.scale_to_fit_width(min(entry.width, cell * style.CELL_TEXT_FILL))
                entry.move_to(square)
                entry.cell = (id(self), r, c)
                cell_row.append(square)
                entry_row.append(entry)
                self.add(square, entry)
            self.cells.append(cell_row)
            self.entries.append(entry_row)
        visuals.tag(self, visuals.GRID, visuals.grid_words(rows))

    def row(self, r: int) -> VGroup:
        """The squares and entries of row ``r``."""
        return visuals.tag(VGroup(*self.cells[r], *self.entries[r]), visuals.GRID,
                           ", ".join(e.original_text for e in self.entries[r]))


class Table(VGroup):
    """Rows of ``(text, colour)`` cells in monospace columns, drawn as one Text.

    One Text keeps every row on the same baseline pitch and every column
    aligned to the character.
    """

    def __init__(self, rows, size: int = style.SMALL_SIZE) -> None:
        super().__init__()
        widths = [max(len(row[c][0]) for row in rows) for c in range(len(rows[0]))]
        done, colours = [], {}
        at = 0  # where the line being built starts in the whole text
        for row in rows:
            line = ""
            for (words, colour), width in zip(row, widths):
                start = at + len(line)
                if words:
                    colours[f"[{start}:{start + len(words)}]"] = colour
                line = line + words + " " * (width + style.TABLE_GAP - len(words))
            done.append(line[: len(line.rstrip())])  # a slice keeps bound parts
            at += len(done[-1]) + 1
        self.text = make_text(fmt.join(done, "\n"), font=style.MONO, font_size=size,
                              color=style.TEXT, t2c=colours,
                              line_spacing=style.TABLE_LINE_SPACING)
        self.add(self.text)
        visuals.tag(self, visuals.TABLE, visuals.grid_words(
            [[words for words, _ in row if words] for row in rows]))


def head(text: str):
    """A table header cell."""
    return (text, style.MUTED)


def plain(text: str):
    """A table body cell."""
    return (text, style.TEXT)
