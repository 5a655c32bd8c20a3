"""Accessible names for form fields, so a screen reader reads the label, not the value.

Qt shows a form label next to its field but does not copy it into `accessibleName()`;
without a name a combo box announces its current value and a spin box only "spin box".
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLayout, QWidget


def named(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give `widget` an accessible name (and description), returning it for inline use."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def add_labelled_row(form: QFormLayout, label: str, field: QWidget | QLayout, description: str = "") -> None:
    """`form.addRow(label, field)` that also names the field (a widget) after its label."""
    if isinstance(field, QWidget):
        named(field, label.replace("&", ""), description)
    form.addRow(label, field)
