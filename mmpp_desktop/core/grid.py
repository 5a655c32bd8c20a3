"""Blend grid: an X/Y sweep over two axes (a style's weight or the IP-Adapter scale), every cell
scored, drawn into one labelled PNG and kept in history (Qt-free).

Each cell is recorded as its own history entry tagged `"sweep": {"id", "kind": "grid", ...}`,
so clicking a cell can load its recipe; the drawn sheet is one more entry of the same group.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from mmpp_desktop.core.balance import Rendered, RenderOne, new_group_id
from mmpp_desktop.core.engine.errors import GenerationCancelled
from mmpp_desktop.core.engine.recipe import base_recipe
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import CancelToken, GenerationRequest, GenerationResult

MAX_AXIS_VALUES = 10
CELL_SIZE = 256
_BACKGROUND = (255, 255, 255)
_INK = (20, 20, 20)


@dataclass(frozen=True)
class GridAxis:
    """One axis: what it changes (shown as its label) and the values it takes, in order."""

    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class GridCell:
    x: float
    y: float
    column: int
    row: int
    rendered: Rendered


def parse_values(text: str, option: str) -> tuple[float, ...]:
    """`0.2,0.5,0.8` as typed after --x-values/--y-values."""
    try:
        values = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "grid", "{option} must be numbers separated by commas, e.g. 0.2,0.5,0.8.").format(option=option)) from None
    if not 1 <= len(values) <= MAX_AXIS_VALUES:
        raise InvalidInputError(QT_TRANSLATE_NOOP("grid", "{option} takes 1 to {limit} values.").format(
            option=option, limit=MAX_AXIS_VALUES))
    return values


def with_ip_scale(request: GenerationRequest, scale: float) -> GenerationRequest:
    """The request with the IP-Adapter at `scale` (the IP-Adapter axis)."""
    if request.ip_adapter is None or not request.ip_adapter.image:
        raise InvalidInputError(QT_TRANSLATE_NOOP("grid", "An IP-Adapter axis needs --ip-adapter and --ip-image."))
    return dataclasses.replace(request, ip_adapter=dataclasses.replace(request.ip_adapter, scale=scale))


def run_grid(request_at: Callable[[float, float], GenerationRequest], x_axis: GridAxis, y_axis: GridAxis,
             render: RenderOne, *, cancel: CancelToken | None = None,
             on_cell: Callable[[GridCell], None] | None = None) -> tuple[str, list[GridCell]]:
    """Render every (x, y) cell row by row; returns the group id and the cells.

    All requests are built before the first render, so a bad value is refused before any work.
    """
    cancel = cancel or CancelToken()
    grid_id = new_group_id()
    requests = [[request_at(x, y) for x in x_axis.values] for y in y_axis.values]
    cells: list[GridCell] = []
    for row, (y, row_requests) in enumerate(zip(y_axis.values, requests, strict=True)):
        for column, (x, request) in enumerate(zip(x_axis.values, row_requests, strict=True)):
            if cancel.cancelled:
                raise GenerationCancelled(QT_TRANSLATE_NOOP("grid", "The grid was cancelled."))
            group = {"id": grid_id, "kind": "grid", "x_label": x_axis.label, "x": x,
                     "y_label": y_axis.label, "y": y}
            cell = GridCell(x=x, y=y, column=column, row=row, rendered=render(request, group))
            cells.append(cell)
            if on_cell is not None:
                on_cell(cell)
    return grid_id, cells


def _score_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


@dataclass(frozen=True)
class GridLayout:
    """Where things go on the sheet: cells start at (left, top), one row every `row_height` px."""

    cell_size: int
    left: int
    top: int
    row_height: int
    line: int

    def origin(self, column: int, row: int) -> tuple[int, int]:
        return self.left + column * self.cell_size, self.top + row * self.row_height


def _y_labels(y_axis: GridAxis) -> list[str]:
    return [f"{y_axis.label} {y:g}" for y in y_axis.values]


def grid_layout(y_axis: GridAxis, cell_size: int = CELL_SIZE) -> GridLayout:
    """Room for the y labels on the left, two text lines on top and a caption under each cell."""
    line = max(14, cell_size // 12)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left = 16 + max(int(measure.textlength(text, font=_font(max(12, cell_size // 14)))) for text in _y_labels(y_axis))
    return GridLayout(cell_size=cell_size, left=left, top=2 * line + 16, row_height=cell_size + line + 8, line=line)


def draw_grid(cells: Sequence[GridCell], x_axis: GridAxis, y_axis: GridAxis, cell_size: int = CELL_SIZE
              ) -> Image.Image:
    """One sheet: the x axis label and values on top, the y values down the left, and under
    each cell its likeness (L), structure (S) and CLIP (C) figures."""
    layout = grid_layout(y_axis, cell_size)
    label_font, value_font = _font(max(12, cell_size // 14)), _font(max(11, cell_size // 16))
    size = (layout.left + len(x_axis.values) * cell_size + 8, layout.top + len(y_axis.values) * layout.row_height + 8)
    sheet = Image.new("RGB", size, _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((layout.left, 6), f"X: {x_axis.label}", fill=_INK, font=label_font)
    for column, x in enumerate(x_axis.values):
        left, _ = layout.origin(column, 0)
        draw.text((left + cell_size // 2, layout.top - 6), f"{x:g}", fill=_INK, font=label_font, anchor="md")
    for row, text in enumerate(_y_labels(y_axis)):
        _, top = layout.origin(0, row)
        draw.text((8, top + cell_size // 2), text, fill=_INK, font=label_font, anchor="lm")
    for cell in cells:
        left, top = layout.origin(cell.column, cell.row)
        thumbnail = cell.rendered.result.images[0].convert("RGB").resize((cell_size, cell_size),
                                                                          Image.Resampling.LANCZOS)
        sheet.paste(thumbnail, (left, top))
        scores = cell.rendered.scores
        text = (f"L {_score_text(scores.likeness)}  S {_score_text(scores.structure)}  "
                f"C {_score_text(scores.clip)}")
        draw.text((left + cell_size // 2, top + cell_size + 4), text, fill=_INK, font=value_font, anchor="ma")
    return sheet


def grid_result(base: GenerationRequest, sheet: Image.Image, grid_id: str, x_axis: GridAxis, y_axis: GridAxis,
                cells: Sequence[GridCell]) -> GenerationResult:
    """The drawn sheet as a result history can record: its recipe lists every cell and its entry."""
    first = cells[0].rendered.result.recipe if cells else {}
    recipe: dict[str, Any] = base_recipe(base.to_dict())
    recipe.update({
        "family": first.get("family"), "model": first.get("model"), "loras": [],
        "scheduler": first.get("scheduler"), "width": sheet.width, "height": sheet.height,
        "sweep": {"id": grid_id, "kind": "grid_sheet"},
        "grid": {"x_label": x_axis.label, "x_values": list(x_axis.values), "y_label": y_axis.label,
                 "y_values": list(y_axis.values),
                 "cells": [{"x": cell.x, "y": cell.y, "entry_id": cell.rendered.entry_id,
                            "likeness": cell.rendered.scores.likeness, "structure": cell.rendered.scores.structure,
                            "clip": cell.rendered.scores.clip} for cell in cells]},
    })
    return GenerationResult(request=base, images=(sheet,), recipe=recipe, timings={})
