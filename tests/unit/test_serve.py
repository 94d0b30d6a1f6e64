"""`dossier serve`: the command it serves, and a clear message without the extra."""

from __future__ import annotations

import builtins
import shlex
import sys
from typing import Any

import pytest

from tui.cli import main
from tui.commands.serve import serve_command


def test_serve_command_runs_this_python_on_the_paths() -> None:
    cmd = shlex.split(serve_command(["/a b/corpus"], "/data dir"))
    assert cmd == [sys.executable, "-m", "tui", "--data-dir", "/data dir", "/a b/corpus"]


def test_without_the_extra_a_one_line_message_and_status_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("textual_serve"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert main(["serve"]) == 2
    assert "pip install 'dossier[serve]'" in capsys.readouterr().err


# ---- the guard (part 11, case 13): token, Origin/Host, session cap, no web fonts ----------

aiohttp_test = pytest.importorskip("aiohttp.test_utils")
pytest.importorskip("textual_serve")


async def _client(max_sessions: int = 4) -> Any:
    from tui.commands.serve_guard import GuardedServer

    server = GuardedServer("true", "127.0.0.1", 8123, max_sessions=max_sessions)
    client = aiohttp_test.TestClient(aiohttp_test.TestServer(await server._make_app()))
    await client.start_server()
    return server, client


HOST = {"Host": "127.0.0.1:8123"}


async def test_the_page_needs_the_token_and_fetches_no_web_font() -> None:
    server, client = await _client()
    try:
        assert (await client.get("/", headers=HOST)).status == 403
        assert (await client.get("/?token=wrong", headers=HOST)).status == 403
        page = await client.get(f"/?token={server.token}", headers=HOST)
        assert page.status == 200
        body = await page.text()
        assert "fonts.googleapis" not in body and "dossier_token" in page.headers["Set-Cookie"]
    finally:
        await client.close()


async def test_a_foreign_origin_or_host_is_refused_even_with_the_token() -> None:
    server, client = await _client()
    try:
        cookie = {"Cookie": f"dossier_token={server.token}"}
        evil = {**HOST, **cookie, "Origin": "http://evil.example"}
        assert (await client.get("/ws", headers=evil)).status == 403
        rebound = {"Host": "evil.example:8123", **cookie}
        assert (await client.get("/ws", headers=rebound)).status == 403
        assert (await client.get("/ws", headers=HOST)).status == 403  # no token, no cookie
    finally:
        await client.close()


async def test_sessions_beyond_the_cap_are_refused() -> None:
    server, client = await _client(max_sessions=2)
    try:
        server.sessions = 2  # two browser sessions open
        headers = {**HOST, "Cookie": f"dossier_token={server.token}"}
        assert (await client.get("/ws", headers=headers)).status == 503
    finally:
        await client.close()


@pytest.mark.parametrize("argv", [["--port", "99999"], ["--port", "x"], ["--max-sessions", "0"]])
def test_bad_serve_arguments_are_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *argv]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_port_in_use_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert "in use" in err and "Traceback" not in err
