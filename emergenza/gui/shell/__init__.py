"""The window around everything: main window, menus and shortcuts, status bar, settings, about."""
