"""Errors shared across the core, importable without loading the modules that raise them."""

from __future__ import annotations


class StoreError(Exception):
    """A write that could not be saved; the message is fit to show the user."""
