"""End to end over a real SSH session: sshd on 127.0.0.1, ssh in tmux at 80×24, the whole
workflow, then the bookmark exported. Once with TERM=xterm-256color, once with TERM=xterm and
NO_COLOR=1. Skips (with the reason) only where OpenSSH cannot be installed."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.sshd import SshServer
from tests.e2e.tmux import Tmux, dossier_command

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    sshd = SshServer(tmp_path_factory.mktemp("sshd"))
    try:
        sshd.start()
        yield sshd
    finally:
        sshd.stop()


def remote_env(home: Path, extra: dict[str, str]) -> str:
    env = {
        "HOME": str(home / "home"),
        "DOSSIER_DATA_DIR": str(home / "data"),
        "DOSSIER_CONFIG_DIR": str(home / "config"),
        **extra,
    }
    return "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())


@pytest.mark.parametrize(
    "term_env",
    [{"TERM": "xterm-256color"}, {"TERM": "xterm", "NO_COLOR": "1"}],
    ids=["xterm-256color", "xterm-no-color"],
)
def test_whole_workflow_over_ssh(
    server: SshServer, tmp_path: Path, term_env: dict[str, str]
) -> None:
    env = remote_env(tmp_path, term_env)
    app = f"{env} {shlex.quote(dossier_command())}"
    session = Tmux(server.command(app), {}, width=80, height=24)
    try:
        session.wait_for("seeds (5 documents)")
        session.wait_for("Closing the Divide")

        # Open a document from the list.
        session.keys("Enter")
        # The passage cursor is a glyph, visible without colour.
        session.wait_for("004_d9e1add691e13b5a.txt ·", "▌ 1")

        # Find in it, then the next match.
        session.keys("/")
        session.wait_for("find in document")
        session.keys(*"security", "Enter")
        screen = session.wait_for("find 'security' 1/")
        total = screen.split("find 'security' 1/", 1)[1].split()[0]
        assert int(total) > 1
        session.keys("n")
        session.wait_for(f"find 'security' 2/{total}")

        # Corpus search opens a result at its passage.
        session.keys("s")
        session.wait_for("Search passages")
        session.keys(*"Galwan")
        session.wait_for("1 passage for “Galwan”")
        session.keys("Enter")
        session.wait_for("search 'Galwan' 1/1", "The Galwan Valley")

        # Title finder, with a typo.
        session.keys("o")
        session.wait_for("Find a document by title")
        session.keys(*"secnd life")
        session.wait_for("NATO Just Got Its Second Life")
        session.keys("Enter")
        session.wait_for("002_ae5626166ea06b75.txt ·")

        # Entity panel, then back.
        session.keys("e")
        session.wait_for("Places", "Russia")
        session.keys("Escape")
        session.wait_for_gone("Places")
        session.wait_for("002_ae5626166ea06b75.txt ·")

        # Related panel (with the reasons), then back.
        session.keys("r")
        session.wait_for("Rubio’s Plan", "Russian")  # a shared entity given as the reason
        session.keys("Escape")
        session.wait_for("002_ae5626166ea06b75.txt ·")

        # Bookmark the passage under the cursor, quit.
        session.keys("b")
        session.wait_for("002_ae5626166ea06b75.txt#1")
        session.keys("q")
        session.wait_for_gone("seeds (5 documents)")
    finally:
        session.close()

    result = server.run(f"{env} {shlex.quote(dossier_command())} bookmarks export --format md")
    assert result.returncode == 0, result.stderr
    assert "### 002_ae5626166ea06b75.txt#1" in result.stdout
    assert "> NATO Just Got Its Second Life Thanks to Russia" in result.stdout


def test_doctor_over_ssh_sees_the_session_and_echoes_keys(
    server: SshServer, tmp_path: Path
) -> None:
    import json

    env = remote_env(tmp_path, {"TERM": "xterm-256color"})
    result = server.run(f"{env} {shlex.quote(dossier_command())} doctor --json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["terminal"]["SSH"] is True
    assert report["terminal"]["COLORTERM"] is None  # OpenSSH does not forward it
    assert report["colors"]["effective"] == "256"
    assert report["data"]["path"] == str(tmp_path / "data")

    session = Tmux(
        server.command(f"{env} {shlex.quote(dossier_command())} doctor --keys"),
        {},
        width=80,
        height=24,
    )
    try:
        session.wait_for("Press keys to see what Dossier receives")
        for key, shown in [
            ("a", "key=a "),
            ("F5", "key=f5 "),
            ("Tab", "key=tab "),
            ("Up", "key=up "),
        ]:
            session.keys(key)
            session.wait_for(shown)
        session.keys("q")
        session.wait_for("Keys received: a f5 tab up q")
    finally:
        session.close()
