"""Small modal screens: each returns a typed result through dismiss()."""
