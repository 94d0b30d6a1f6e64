"""Plain-Python core of Dossier: no Textual, no Rich."""
