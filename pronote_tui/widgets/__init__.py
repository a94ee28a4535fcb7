"""Small widgets of the console, one a module."""
