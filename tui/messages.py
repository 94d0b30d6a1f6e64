"""Messages shared by widgets and screens. None today: each widget's messages live with the
widget, the main screen's workers' in `tui/screens/main/messages.py`."""
