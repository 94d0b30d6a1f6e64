"""End to end: a folder of mixed formats (.txt, .md, .html, .jsonl) read in the real program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command

pytestmark = pytest.mark.e2e

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Charlie Harbour Page | Coast Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Charlie Harbour Page</h1>
<p>The harbour board met on Monday evening to decide what to do about the silted channel,
which has kept the larger fishing boats tied up for most of the winter.</p>
<p>In the end the board agreed to ask two engineering firms for estimates.</p></article>
<footer>Copyright 2022 Coast Courier. All rights reserved.</footer></body></html>
"""


def mixed_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "note.txt").write_text("Alpha Text Note\n\nThe plain text note talks of tides.\n")
    (folder / "guide.md").write_text("# Bravo Markdown Guide\n\nA guide to *gardens*.\n")
    (folder / "page.html").write_text(PAGE)
    records = [
        json.dumps({"id": "d-1", "headline": "Delta Ferry Record", "body": "The ferry sailed."}),
        '{"title": "broken',
        json.dumps({"title": "Echo Council Record", "content": "<p>The council voted.</p>"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(records) + "\n")
    return folder


def test_a_mixed_folder_lists_a_title_from_each_format(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    folder = mixed_folder(tmp_path / "mixed")
    tmux = Tmux(f"{dossier_command()} {folder}", {"DOSSIER_DATA_DIR": str(tmp_path / "data")})
    try:
        tmux.wait_for(
            "mixed (5 documents) · 1 skipped",
            "Alpha Text Note",
            "Bravo Markdown Guide",
            "Charlie Harbour Page",
            "Delta Ferry Record",
            "Echo Council Record",
        )
        tmux.keys("G", "Enter")  # the last title: the JSON record after the bad line
        tmux.wait_for("feed.jsonl#3 ·")
        tmux.wait_for("The council voted.")
        tmux.keys("!")
        tmux.wait_for("line 2: not valid JSON", "feed.jsonl")
    finally:
        tmux.close()
