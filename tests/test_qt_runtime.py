"""Guards against a broken Qt binding build that would crash the app after a minute of use."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_keep_singleton_reference_counts() -> None:
    # PySide6 6.12.0 on Python 3.11 dropped one reference to None per void call, which
    # ends in "Fatal Python error: none_dealloc"; pyproject excludes that build.
    obj = QObject()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        obj.setObjectName("probe")
        obj.blockSignals(False)
        obj.signalsBlocked()
    assert sys.getrefcount(None) - before_none > -100
    assert sys.getrefcount(True) - before_true > -100
