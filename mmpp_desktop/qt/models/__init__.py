"""Qt item models over the style library and the history store (data comes from the store thread)."""
