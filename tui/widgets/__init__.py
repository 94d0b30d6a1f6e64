"""Widgets: one per file, each small, no disk or index I/O."""
