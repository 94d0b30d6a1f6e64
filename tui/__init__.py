"""Dossier: a keyboard-driven terminal reader for corpora of documents."""

__version__ = "0.1.0"
