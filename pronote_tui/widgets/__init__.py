"""Small widgets of the console, one a module.

Importing them installs the console's French typography on Textual's wrapping
(:mod:`pronote_tui.typography`): a "?" or ";" never starts a line.
"""

from pronote_tui.typography import keep_marks_with_their_word

keep_marks_with_their_word()
