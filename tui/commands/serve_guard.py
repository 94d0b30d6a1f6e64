"""textual-serve with the door locked: a token, an Origin/Host check and a session cap.

textual-serve alone answers anyone who can reach the port, including a web page open in the
user's browser (a WebSocket from any Origin was accepted and drove the reader). Here, as in
Jupyter, the URL printed at start carries a secret token; the first page load turns it into
a cookie that the page's WebSocket sends back. Host is checked against the names this server
answers to (DNS rebinding), Origin against the same, and each session starts a process, so
their number is capped. The page no longer asks a font server for its font.
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any

from aiohttp import web
from textual_serve.server import Server

COOKIE = "dossier_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.IGNORECASE)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class GuardedServer(Server):
    """A `Server` that answers only requests holding its token, from its own pages."""

    def __init__(self, command: str, host: str, port: int, max_sessions: int = 4) -> None:
        super().__init__(command, host=host, port=port, title="Dossier")
        self.token = secrets.token_urlsafe(24)
        self.max_sessions = max_sessions
        self.sessions = 0
        # On loopback only this machine's names are answered (against DNS rebinding); a
        # server opened to the network answers any name, the token still required.
        self.check_host = is_loopback(host)
        names = {host, *LOOPBACK}
        bracketed = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
        self.allowed_hosts = {f"{n}:{port}" for n in bracketed} | (
            bracketed if port == 80 else set()
        )

    @property
    def url(self) -> str:
        """The address to open, token included (print it; it is the key)."""
        return f"{self.public_url}/?token={self.token}"

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused, or None when it may go on."""
        if self.check_host and request.host not in self.allowed_hosts:
            return "unknown Host"
        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != request.host:
            return "cross-origin request"
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return "missing or wrong token: open the URL printed by 'dossier serve'"
        return None

    def _check(self, request: web.Request) -> None:
        reason = self.refusal(request)
        if reason is not None:
            raise web.HTTPForbidden(text=f"Dossier: {reason}\n")

    async def handle_index(self, request: web.Request) -> Any:
        self._check(request)
        response = await super().handle_index(request)
        if isinstance(response, web.Response) and response.text is not None:
            response.text = _WEB_FONT.sub("", response.text)
        response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        response.headers["Referrer-Policy"] = "no-referrer"  # the token stays here
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self._check(request)
        return await super().handle_download(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._check(request)
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=f"Dossier: {self.max_sessions} sessions already open (--max-sessions)\n"
            )
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `dossier serve` prints its own one line with the URL."""
