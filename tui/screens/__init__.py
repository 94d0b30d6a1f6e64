"""Screens: main (the coordinator), search, bookmarks, help."""
