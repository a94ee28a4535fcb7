"""The console's screens (login, the main screen) and its panels, one a module."""
