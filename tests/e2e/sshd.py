"""A throwaway OpenSSH server on 127.0.0.1 for end-to-end tests: keys, config and pid in tmp."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"


def ensure_openssh() -> str:
    """The sshd path, installing OpenSSH with apt-get when missing and running as root;
    pytest.skip with the reason when it cannot be had."""
    if Path(SSHD).exists() and shutil.which("ssh") and shutil.which("ssh-keygen"):
        return SSHD
    if os.geteuid() != 0:
        pytest.skip("OpenSSH server is not installed and the tests are not root (cannot apt-get)")
    if shutil.which("apt-get") is None:
        pytest.skip("OpenSSH server is not installed and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "openssh-server", "openssh-client"]
    result = subprocess.run(install, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:  # stale package lists: update once and retry
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=300)
        result = subprocess.run(install, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not Path(SSHD).exists():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:]
        pytest.skip(f"OpenSSH server could not be installed with apt-get: {' '.join(tail)}")
    return SSHD


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dossier-e2e", "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


class SshServer:
    """`sshd -D` on 127.0.0.1:<free port>, key login only, everything under `workdir`."""

    def __init__(self, workdir: Path) -> None:
        self.sshd = ensure_openssh()
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.user = getpass.getuser()
        self.port = free_port()
        self.host_key = self.dir / "host_ed25519"
        self.user_key = self.dir / "user_ed25519"
        self.log = self.dir / "sshd.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> None:
        _keygen(self.host_key)
        _keygen(self.user_key)
        authorized = self.dir / "authorized_keys"
        authorized.write_text(Path(f"{self.user_key}.pub").read_text())
        authorized.chmod(0o600)
        config = self.dir / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {self.host_key}",
                    f"PidFile {self.dir / 'sshd.pid'}",
                    f"AuthorizedKeysFile {authorized}",
                    "PermitRootLogin prohibit-password",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "StrictModes no",
                    "UsePAM no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "LogLevel ERROR",
                    "",
                ]
            )
        )
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation dir
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [self.sshd, "-D", "-e", "-f", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd exited ({self.process.returncode}): {self.log_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)  # polling for the listening socket
        self.stop()
        raise RuntimeError(f"sshd did not listen on port {self.port}: {self.log_text()}")

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def client_args(self, tty: bool = True) -> list[str]:
        """The ssh command line (without the remote command) to log in to this server."""
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-i",
            str(self.user_key),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            *(["-t"] if tty else ["-T"]),
            f"{self.user}@127.0.0.1",
        ]

    def command(self, remote: str, tty: bool = True) -> str:
        """A shell command line that runs `remote` on this server over ssh."""
        return shlex.join([*self.client_args(tty), remote])

    def run(self, remote: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.client_args(tty=False), remote],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
