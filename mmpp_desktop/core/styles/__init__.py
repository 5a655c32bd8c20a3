"""Styles: built-in prompt looks and the user's LoRA styles, composed into a request's prompt."""

from mmpp_desktop.core.styles.compose import compose_prompt, parse_style_spec
from mmpp_desktop.core.styles.library import DuplicateStyleError, StyleLibrary, load_builtin_styles
from mmpp_desktop.core.styles.model import (
    ReadOnlyStyleError,
    RecommendedSettings,
    Style,
    StyleLoraEntry,
    StyleNameError,
    StyleNotFoundError,
    style_summary,
)

__all__ = [
    "DuplicateStyleError",
    "ReadOnlyStyleError",
    "RecommendedSettings",
    "Style",
    "StyleLibrary",
    "StyleLoraEntry",
    "StyleNameError",
    "StyleNotFoundError",
    "compose_prompt",
    "load_builtin_styles",
    "parse_style_spec",
    "style_summary",
]
