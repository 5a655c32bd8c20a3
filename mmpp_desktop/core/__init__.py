"""Qt-free core: engine, style library, history, capture, settings and paths.

Nothing under this package may import PySide6 (checked by import-linter and a test).
"""
