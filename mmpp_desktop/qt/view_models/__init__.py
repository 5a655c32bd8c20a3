"""State objects the widgets bind to: QObjects with `<name>_changed` signals.

Widgets read state from here and call its methods; the view models talk to workers, so
no widget ever reaches the engine or the database.
"""

from mmpp_desktop.qt.view_models.session import BlendEntry, Controls, SessionViewModel

__all__ = ["BlendEntry", "Controls", "SessionViewModel"]
