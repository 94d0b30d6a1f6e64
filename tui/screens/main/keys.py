"""The main screen's keys. Each binding has an id, so users can remap it in config.toml; the
footer shows the first ones, the help screen and the command palette every one."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_KEYS: list[BindingType] = [
    Binding("o", "find_title", "Find title", id="main.find_title"),
    Binding("s", "search", "Search", id="main.search"),
    Binding("slash", "find", "Find in document", id="main.find"),
    Binding("e", "entities", "Entities", id="main.entities"),
    Binding("r", "related", "Related", id="main.related"),
    Binding("b", "toggle_bookmark", "Bookmark", id="main.bookmark"),
    Binding("B", "bookmarks", "Bookmarks", id="main.bookmarks"),
    Binding("left_square_bracket", "back", "Back", id="main.back"),
    Binding("right_square_bracket", "forward", "Forward", id="main.forward"),
    Binding("tab", "switch_pane", "Switch pane", show=False, id="main.switch_pane"),
    Binding("n", "next_match", "Next match", show=False, id="main.next_match"),
    Binding("N", "previous_match", "Previous match", show=False, id="main.previous_match"),
    Binding("x", "crossrefs", "Cross-references", show=False, id="main.crossrefs"),
    Binding("a", "annotate", "Note on passage", show=False, id="main.annotate"),
    Binding("y", "copy", "Copy passage", show=False, id="main.copy"),
    Binding("t", "outline", "Outline", show=False, id="main.outline"),
    Binding("f", "filter", "Filter list", show=False, id="main.filter"),
    Binding("ctrl+n", "next_unread", "Next unread document", show=False, id="main.next_unread"),
    Binding("M", "toggle_read", "Mark read / unread", show=False, id="main.toggle_read"),
    Binding("L", "toggle_list", "Hide or show the list", show=False, id="main.toggle_list"),
    Binding("F", "show_all", "Show all documents", show=False, id="main.show_all"),
    Binding("S", "cycle_sort", "Sort list", show=False, id="main.sort"),
    Binding("v", "toggle_raw", "Raw text", show=False, id="main.raw"),
    Binding("exclamation_mark", "skipped", "Skipped files", show=False, id="main.skipped"),
    Binding("escape", "escape", "Back / close / clear", show=False, id="main.escape"),
]
