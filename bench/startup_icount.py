"""Start-up in instructions (callgrind): the seeds to the first frame and to the list shown, on
a first and a second start, against a bare Textual app. Independent of the machine's load,
unlike `bench/startup.py`'s wall-clock times. Prints a table.

Usage: python bench/startup_icount.py [--runs 2] [--root CHECKOUT]

Each run starts the program under `valgrind --tool=callgrind` in a pseudo-terminal; the process
ends itself (`os._exit`) as the driver is given the frame holding the marker (the filter's
placeholder for the first frame, the last row's title for the list), so nothing after it is
counted. The marker check is put in by a finder first on `sys.meta_path` when the driver's
module is imported: nothing is imported ahead of the program's own imports. The corpus worker's
batch delay is lifted as well: under valgrind the seeds' load outlasts it and the list would be
shown by a batch, which a real start of the seeds (a load well under 0.5 s) never posts.
`--root` measures another checkout (with its own `.venv`), e.g. a baseline worktree.
"""

from __future__ import annotations

# Only what the program imports anyway: this file is the measured process too (`--child`).
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

ROOT = Path(__file__).resolve().parent.parent
MARKERS = {"first frame": "filter documents", "list shown": "Ukraine Security"}
BARE_MARKER = "Dossier ─ bare"


def child() -> None:
    """The measured process: the program, ending itself at the marker."""
    marker = os.environ["ICOUNT_MARKER"]

    def patch_driver(module: Any) -> None:
        write = module.LinuxDriver.write

        def write_then_end(self: Any, data: str) -> None:
            write(self, data)
            if marker in data:
                os._exit(0)

        module.LinuxDriver.write = write_then_end

    def patch_workers(module: Any) -> None:
        module.BATCH_SECONDS = 1e9

    targets = {
        "textual.drivers.linux_driver": patch_driver,
        "tui.screens.main.workers": patch_workers,
    }

    class Finder:
        @staticmethod
        def find_spec(fullname: str, path: Any = None, target: Any = None) -> Any:
            patch = targets.get(fullname)
            if patch is None:
                return None
            for finder in sys.meta_path:
                if finder is Finder:
                    continue
                spec = finder.find_spec(fullname, path, target)  # type: ignore[attr-defined]
                if spec is not None:
                    break
            else:
                return None
            execute = spec.loader.exec_module

            def execute_then_patch(module: Any) -> None:
                execute(module)
                patch(module)

            spec.loader.exec_module = execute_then_patch
            return spec

    sys.meta_path.insert(0, Finder)  # type: ignore[arg-type]
    if os.environ.get("ICOUNT_BARE"):
        sys.path.insert(0, str(Path(os.environ["ICOUNT_ROOT"]) / "bench"))
        from bare_app import Bare  # type: ignore[import-not-found]

        Bare().run()
    else:
        from tui.cli import console

        sys.argv = ["dossier", str(Path(os.environ["ICOUNT_ROOT"]) / "seeds")]
        console()


def _drain(proc: subprocess.Popen[bytes], master: int, limit: float, quit_after: float = 0) -> None:
    """Read the terminal until the process ends; with `quit_after`, press q that many seconds
    after the list is shown."""
    import time

    from bench.startup import read_ready

    seen, start, shown = b"", time.monotonic(), None
    while proc.poll() is None and time.monotonic() - start < limit:
        written = read_ready(master)
        if written is None:
            break
        seen += written
        if quit_after and shown is None and MARKERS["list shown"].encode() in seen:
            shown = time.monotonic()
        if shown is not None and time.monotonic() - shown > quit_after:
            os.write(master, b"q")
            shown = float("inf")
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    os.close(master)


def instructions(root: Path, marker: str, data_dir: str, bare: bool = False) -> int | None:
    import re

    from bench.startup import pty_env, spawn_in_pty

    out = Path(data_dir) / "callgrind.out"
    env = pty_env(data_dir, ICOUNT_MARKER=marker, ICOUNT_ROOT=str(root))
    if bare:
        env["ICOUNT_BARE"] = "1"
    cmd = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        f"--log-file={out}.log",
        "--dump-instr=no",
        "--collect-jumps=no",
        str(root / ".venv" / "bin" / "python"),
        str(Path(__file__).resolve()),
        "--child",
    ]
    proc, master = spawn_in_pty(cmd, env, cwd=str(root))
    _drain(proc, master, 600)
    found = re.search(r"Collected : (\d+)", Path(f"{out}.log").read_text())
    return int(found.group(1)) if found else None


def fill(root: Path, data_dir: str) -> None:
    """A whole start (the list, 4 s more, q), leaving the caches a second start reads."""
    from bench.startup import pty_env, spawn_in_pty

    cmd = [str(root / ".venv" / "bin" / "dossier"), str(root / "seeds")]
    proc, master = spawn_in_pty(cmd, pty_env(data_dir), cwd=str(root))
    _drain(proc, master, 60, quit_after=4)


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    import argparse
    import shutil
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind")
    python = str(root / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "compileall", "-q", str(root / "tui")], check=True)
    rows: list[tuple[str, list[int | None]]] = []
    with tempfile.TemporaryDirectory(prefix="dossier-icount-") as scratch:

        def fresh() -> str:
            return tempfile.mkdtemp(dir=scratch)

        rows.append(("bare Textual app", [instructions(root, BARE_MARKER, fresh(), bare=True)]))
        for start in ("first start", "second start"):
            for what, marker in MARKERS.items():
                counts = []
                for _ in range(args.runs):
                    data_dir = fresh()
                    if start == "second start":
                        fill(root, data_dir)
                    counts.append(instructions(root, marker, data_dir))
                rows.append((f"seeds, {start}: {what}", counts))
    bare = rows[0][1][0]
    print(f"\nInstructions to the marker (callgrind), {root}\n")
    print(f"| {'what':<34} | {'millions (each run)':>22} | {'× bare app':>10} |")
    print(f"|{'-' * 36}|{'-' * 24}|{'-' * 12}|")
    for label, counts in rows:
        each = ", ".join(f"{c / 1e6:.1f}" if c else "-" for c in counts)
        done = [c for c in counts if c]
        ratio = f"{min(done) / bare:10.3f}" if done and bare else f"{'-':>10}"
        print(f"| {label:<34} | {each:>22} | {ratio} |")


if __name__ == "__main__":
    main()
