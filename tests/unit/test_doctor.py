"""`dossier doctor`: terminal detection, clipboard heuristics, directory health, key echo."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.commands.doctor import collect, format_report, make_key_app
from tui.core.corpus import load_corpus
from tui.core.search import open_index
from tui.core.store import SCHEMA_VERSION, Store
from tui.terminal.capabilities import color_system, describe_colors, osc52


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color"}, "256"),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm", "COLORTERM": "24bit"}, "truecolor"),
        ({"TERM": "xterm"}, "standard"),
        ({"TERM": "dumb"}, None),
        ({"TERM": "xterm", "TEXTUAL_COLOR_SYSTEM": "truecolor"}, "truecolor"),
        ({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"}, "standard"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "256"),  # Textual ignores it here
    ],
)
def test_color_system_follows_textual(env: dict[str, str], expected: str | None) -> None:
    assert color_system(env) == expected


def test_no_color_means_monochrome_and_missing_colorterm_gives_a_hint() -> None:
    assert describe_colors({"TERM": "xterm", "NO_COLOR": "1"})["effective"] == "mono"
    colours = describe_colors({"TERM": "xterm-256color"})
    assert colours["effective"] == "256"
    assert "COLORTERM" in colours["hints"][0]
    assert "--colors" in colours["override"]
    assert describe_colors({"TERM": "xterm", "COLORTERM": "truecolor"})["hints"] == []


def test_osc52_known_unknown_and_refused_terminals() -> None:
    assert osc52({"TERM": "xterm-kitty"})["verdict"] == "likely"
    assert osc52({"TERM": "xterm", "TERM_PROGRAM": "WezTerm"})["verdict"] == "likely"
    assert osc52({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"})["verdict"] == (
        "unlikely"
    )
    unknown = osc52({"TERM": "xterm-256color", "SSH_TTY": "/dev/pts/1"})
    assert unknown["verdict"] == "unknown"
    assert any("over SSH" in r for r in unknown["reasons"])


def test_osc52_in_tmux_depends_on_set_clipboard() -> None:
    env = {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"}
    off = osc52(env, "external")
    assert off["verdict"] == "unlikely"
    assert any("set -g set-clipboard on" in r for r in off["reasons"])
    assert osc52(env, "on")["verdict"] == "likely"
    unread = osc52(env, None)
    assert unread["verdict"] == "unknown"
    assert any("set-clipboard" in r for r in unread["reasons"])
    assert osc52({**env, "TERM_PROGRAM": "iTerm.app"}, "off")["verdict"] == "unlikely"


def test_fresh_directories_are_reported_as_not_created(isolated_data_dir: Path) -> None:
    report = collect({"TERM": "xterm-256color"})
    data = report["data"]
    assert data["path"] == str(isolated_data_dir)
    assert data["exists"] is False and data["writable"] is True
    assert data["store"]["exists"] is False
    assert data["indexes"] == []
    assert report["config"]["errors"] == []
    text = format_report(report)
    assert "not created yet" in text and "none yet" in text
    assert "TERM         xterm-256color" in text
    assert "COLORTERM    (not set)" in text


def test_store_index_and_config_health(
    isolated_data_dir: Path, seeds: Path, tmp_path: Path
) -> None:
    store = Store()
    store.add("/corpus", "a.txt", 1, "some passage")
    store.close()
    corpus = load_corpus([str(seeds)])
    index = open_index(corpus)
    index.refresh(corpus)
    index.conn.close()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('colors = "lots"\n', encoding="utf-8")

    report = collect({"TERM": "xterm"})
    store_info = report["data"]["store"]
    assert store_info["version"] == SCHEMA_VERSION
    assert store_info["state"] == "ok" and store_info["bookmarks"] == 1
    [entry] = report["data"]["indexes"]
    assert entry["documents"] == 5 and entry["bytes"] > 0 and entry["state"] == "ok"
    assert any("line 1: colors" in e for e in report["config"]["errors"])
    text = format_report(report)
    assert f"schema {SCHEMA_VERSION} of {SCHEMA_VERSION}: ok, 1 bookmarks" in text
    assert "5 documents: ok" in text
    assert "error   " in text and "line 1: colors" in text


def test_a_newer_or_foreign_store_is_described(isolated_data_dir: Path) -> None:
    import sqlite3

    isolated_data_dir.mkdir()
    conn = sqlite3.connect(isolated_data_dir / "dossier.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    assert "newer schema" in collect({})["data"]["store"]["state"]
    (isolated_data_dir / "dossier.sqlite").write_bytes(b"not a database at all" * 100)
    assert collect({})["data"]["store"]["state"].startswith("unreadable")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"terminal", "colors", "osc52", "data", "config"}
    assert report["terminal"]["TERM"] == os.environ.get("TERM")


def test_cli_text(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSSIER_COMPACT_OUTPUT", raising=False)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Terminal\n") and "Clipboard (OSC 52): " in out
    assert "  output       on: only style changes are sent" in out
    monkeypatch.setenv("DOSSIER_COMPACT_OUTPUT", "0")
    assert main(["doctor"]) == 0
    assert "  output       off" in capsys.readouterr().out


def test_key_test_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--keys"]) == 2  # pytest's stdin is not a tty
    assert "needs a terminal" in capsys.readouterr().err


async def test_key_app_echoes_keys_until_q() -> None:
    from textual.widgets import RichLog

    app = make_key_app()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("a", "tab", "ctrl+p", "f5", "down")
        await pilot.pause()
        log = app.screen.query_one(RichLog)
        text = "\n".join(line.text for line in log.lines)
        for key in ("key=a", "key=tab", "key=ctrl+p", "key=f5", "key=down"):
            assert key in text
        assert "character='a'" in text
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.received == ["a", "tab", "ctrl+p", "f5", "down", "q"]
    assert not app.is_running
