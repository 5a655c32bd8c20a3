"""Generation history: every result kept with its recipe, browsable, searchable, reusable."""

from mmpp_desktop.core.history.store import HistoryEntry, HistoryStore

__all__ = ["HistoryEntry", "HistoryStore"]
