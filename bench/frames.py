"""Frame gaps: how long the app's event loop is held while everything is built (issue 13:
"the UI keeps frame gaps ≤ 100 ms while all of it runs"). Prints a table.

Usage: python bench/frames.py [--docs 10000] [--no-bbc] [--runs 1] [--where] [--held FILE]
                               [--sched]

`--sched` (Linux) explains each gap over 80 ms from /proc schedstat, read by this process
while the app runs: how long the UI's thread ran, and waited runnable for a core, against what
the app's other threads, its child processes and the rest of the machine ran meanwhile.

The real app runs in a pty (a real terminal driver, frames written) with a 10 ms Textual timer
added; the gap is the time between two of its ticks, so a tick late by 90 ms means a key
pressed then waited as long. A run lasts from the first frame until the list, the first
document, the index and the entities are all in and no worker is left (`MainScreen.ready`,
then the workers), on a cold start (nothing cached: parse, index, entities, related) and a
warm one (the caches from the cold start). The reference is a bare Textual app with the same
timer, run for as long in the same round: what this machine's load alone does to the ticks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import select
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import BBC, generate  # noqa: E402
from bench.startup import spawn_in_pty  # noqa: E402

TICK = 0.01
T0 = time.perf_counter()  # a child's start, for the times `--held` logs
TARGET_MS = 100.0
SCHED = [False]  # --sched
SCHED_OVER = 0.08  # gaps explained by --sched, in seconds


def child(paths: list[str], out: str, seconds: float) -> None:
    """In the pty: the app (or, with no paths, a bare app for `seconds`) with a ticking timer;
    the ticks' times go to `out` as JSON when it is done."""
    from textual.app import App
    from textual.widgets import Static

    ticks: list[float] = []
    exiting = threading.Event()  # the app's own shutdown is not a stall

    def tick() -> None:
        ticks.append(time.perf_counter())

    if os.environ.get("FRAMES_WHERE"):
        _sample_stalls(ticks, exiting, os.environ["FRAMES_WHERE"])
    if os.environ.get("FRAMES_HELD"):
        _watch_held(exiting, os.environ["FRAMES_HELD"])

    if not paths:

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Static("bare")

            def on_mount(self) -> None:
                self.set_interval(TICK, tick)
                self.set_timer(seconds, self.exit)

        Bare().run()
    else:
        from tui.app import DossierApp

        class Measured(DossierApp):
            def on_mount(self) -> None:
                super().on_mount()
                self.set_interval(TICK, tick)
                self.run_worker(self._until_done())

            async def _until_done(self) -> None:
                while self.main_screen is None:
                    await asyncio.sleep(TICK)
                await self.main_screen.ready.wait()
                me = asyncio.current_task()
                while busy := [w for w in self.workers if w.is_running and w._task is not me]:
                    for worker in busy:
                        await worker.wait()
                exiting.set()
                self.exit()

        Measured(paths).run()
        if os.environ.get("FRAMES_HELD"):
            import gc

            gc.unfreeze()
            with open(os.environ["FRAMES_HELD"], "a") as log:
                log.write(f"unreachable at exit: {gc.collect()}\n")
    Path(out).write_text(json.dumps(ticks))


def _sample_stalls(ticks: list[float], exiting: threading.Event, out: str) -> None:
    """`--where`: a thread that, while a tick is over 50 ms late, samples where the main
    thread and every other thread are (their innermost frames in tui/ or textual/: a thread
    holding the interpreter stalls the main one), written to `out` at exit."""
    import atexit
    import collections
    import traceback

    main = threading.main_thread().ident
    seen: collections.Counter[str] = collections.Counter()

    def sample() -> None:
        while not exiting.is_set():
            time.sleep(0.005)
            if ticks and time.perf_counter() - ticks[-1] > 0.05:
                me = threading.get_ident()
                for ident, frame in sys._current_frames().items():
                    if ident == me:
                        continue
                    stack = traceback.extract_stack(frame)
                    ours = [f for f in stack if "/tui/" in f.filename or "/textual/" in f.filename]
                    where = " < ".join(
                        f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.name}"
                        f":{f.lineno}"
                        for f in reversed(ours[-3:])
                    )
                    seen[("main: " if ident == main else "thread: ") + where] += 1

    threading.Thread(target=sample, daemon=True).start()
    atexit.register(
        lambda: Path(out).write_text(
            "\n".join(f"{n * 5:6d} ms  {w}" for w, n in seen.most_common(40))
        )
    )


def _watch_held(exiting: threading.Event, out: str) -> None:
    """`--held FILE`, appended to `out`: every thread's Python stack, written by faulthandler's
    own C thread whenever this Python thread has waited 80 ms for the interpreter (a C call
    holding it: no Python sampler can see that one, as it waits for the same lock); each pass
    of the cyclic collector over 10 ms (it holds the interpreter throughout), with the kinds
    of object a full pass looked at; and how many unreachable objects the collector finds
    once the app has closed, its frozen objects included (what freezing kept from it)."""
    import collections
    import faulthandler
    import gc

    log = open(out, "a")  # noqa: SIM115 - open for the process's life
    log.write(f"=== {sys.argv[-1]}\n")
    log.flush()

    def rearm() -> None:
        while not exiting.is_set():
            faulthandler.dump_traceback_later(0.08, file=log)
            time.sleep(0.01)
            faulthandler.cancel_dump_traceback_later()

    threading.Thread(target=rearm, daemon=True).start()
    started: list[float] = [0.0]

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif (ms := (time.perf_counter() - started[0]) * 1000) > 10:
            at = time.perf_counter() - T0
            log.write(
                f"gc generation {info['generation']}: {ms:.0f} ms at {at:.3f} s, "
                f"{threading.current_thread().name}, {info['collected']} collected\n"
            )
            if ms > 30:
                kinds = collections.Counter(type(o).__name__ for o in gc.get_objects(2))
                log.write(f"  {sum(kinds.values())} objects: {kinds.most_common(12)}\n")
            log.flush()

    gc.callbacks.append(collected)


Sched = tuple[float, dict[str, tuple[int, int]]]  # a time, and (run, runqueue wait) ns by task


def _sample_sched(pid: int, stop: threading.Event, out: list[Sched]) -> None:
    """`--sched`, in this (the measuring) process: every ~3 ms, the CPU time and the time spent
    runnable but waiting for a core (/proc schedstat, ns) of the app's main thread, of its other
    threads together, of its child processes together, and the machine's busy time: what a
    gap was made of, which no sampler inside the app can see while it is held. A UI thread that
    neither ran nor waited for a core while its other threads ran was waiting for the GIL; one
    that waited for a core was runnable, and the scheduler gave the cores to others."""

    def schedstat(path: str) -> tuple[int, int]:
        try:
            with open(path) as f:
                run, wait = f.read().split()[:2]
            return int(run), int(wait)
        except (OSError, ValueError):
            return 0, 0

    while not stop.is_set():
        parts: dict[str, tuple[int, int]] = {}
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return
        kids: list[str] = []
        for tid in tids:
            run, wait = schedstat(f"/proc/{pid}/task/{tid}/schedstat")
            key = "ui" if tid == str(pid) else "threads"
            old = parts.get(key, (0, 0))
            parts[key] = (old[0] + run, old[1] + wait)
            with contextlib.suppress(OSError):
                kids += Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
        for kid in kids:
            with contextlib.suppress(OSError):
                for tid in os.listdir(f"/proc/{kid}/task"):
                    run, wait = schedstat(f"/proc/{kid}/task/{tid}/schedstat")
                    old = parts.get("processes", (0, 0))
                    parts["processes"] = (old[0] + run, old[1] + wait)
        with open("/proc/stat") as f:
            cpu = [int(x) for x in f.readline().split()[1:]]
        busy_ns = (sum(cpu) - cpu[3] - cpu[4]) * 10**9 // os.sysconf("SC_CLK_TCK")
        parts["machine"] = (busy_ns, 0)
        out.append((time.perf_counter(), parts))
        time.sleep(0.003)


def _explain_gap(samples: list[Sched], a: float, b: float) -> str:
    """What the app's tasks and the machine did between the samples around a gap [a, b]."""
    before = [s for s in samples if s[0] <= a] or samples[:1]
    after = [s for s in samples if s[0] >= b] or samples[-1:]
    (t0, p0), (t1, p1) = before[-1], after[0]

    def delta(key: str, i: int) -> float:
        return (p1.get(key, (0, 0))[i] - p0.get(key, (0, 0))[i]) / 1e6

    ours = sum(delta(k, 0) for k in ("ui", "threads", "processes"))
    return (
        f"UI thread ran {delta('ui', 0):.0f} ms, waited for a core {delta('ui', 1):.0f} ms; "
        f"its other threads ran {delta('threads', 0):.0f} ms, its processes "
        f"{delta('processes', 0):.0f} ms, the rest of the machine ~"
        f"{max(0.0, delta('machine', 0) - ours):.0f} ms (window {1000 * (t1 - t0):.0f} ms)"
    )


def measure(paths: list[str], data_dir: str, seconds: float = 0.0) -> dict[str, float]:
    """Run `child` in a pty until it exits; its ticks' gaps (with `--sched`, each gap over
    80 ms explained)."""
    out = tempfile.mktemp(prefix="dossier-frames-", suffix=".json")
    env = dict(os.environ, TERM="xterm-256color", DOSSIER_DATA_DIR=data_dir)
    cmd = [sys.executable, __file__, "--child", out, "--seconds", str(seconds), *paths]
    start = time.perf_counter()
    proc, master = spawn_in_pty(cmd, env, rows=24, cols=80)
    samples: list[Sched] = []
    stop = threading.Event()
    if SCHED[0]:
        threading.Thread(target=_sample_sched, args=(proc.pid, stop, samples), daemon=True).start()
    try:
        while proc.poll() is None:  # read everything the app writes, or it blocks on the pty
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        proc.wait()
    finally:
        os.close(master)
        stop.set()
    wall = time.perf_counter() - start
    ticks = json.loads(Path(out).read_text())
    os.unlink(out)
    for a, b in itertools.pairwise(ticks):
        if samples and b - a > SCHED_OVER:
            at = a - ticks[0]
            print(f"  gap {1000 * (b - a):.0f} ms at {at:.2f} s: {_explain_gap(samples, a, b)}")
    gaps = sorted((b - a) * 1000 for a, b in itertools.pairwise(ticks))
    return {
        "wall": wall,
        "ticks": len(ticks),
        "median": statistics.median(gaps) if gaps else float("nan"),
        "p99": gaps[int(0.99 * (len(gaps) - 1))] if gaps else float("nan"),
        "max": gaps[-1] if gaps else float("nan"),
        "over": sum(1 for g in gaps if g > TARGET_MS),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000, help="generated corpus; 0: none")
    parser.add_argument("--no-bbc", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--where", action="store_true", help="where the main thread stalls")
    parser.add_argument("--held", help="file: stacks when the interpreter is held 80 ms")
    parser.add_argument(
        "--sched", action="store_true", help="each gap over 80 ms: who had the cores (Linux)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.paths, args.child, args.seconds)
        return

    if args.where:
        os.environ["FRAMES_WHERE"] = tempfile.mktemp(prefix="dossier-frames-where-")
    if args.held:
        os.environ["FRAMES_HELD"] = args.held
    SCHED[0] = args.sched
    corpora: list[tuple[str, Path]] = [("seeds", ROOT / "seeds")]
    if BBC.is_dir() and not args.no_bbc:
        corpora.append(("bbc-news", BBC))
    if args.docs:
        corpora.append((f"{args.docs:,} docs", generate(args.docs)))
    rows: list[tuple[str, dict[str, float]]] = []
    for label, path in corpora:
        for _ in range(args.runs):
            data = tempfile.mkdtemp(prefix="dossier-frames-")
            for start in ("cold", "warm"):
                app = measure([str(path)], data)
                where = os.environ.get("FRAMES_WHERE")
                if where and Path(where).exists():
                    print(f"\n{label}, {start}: where the main thread was in stalls\n")
                    print(Path(where).read_text())
                    os.unlink(where)
                bare = measure([], data, seconds=app["wall"])
                rows.append((f"{label}, {start}", app))
                rows.append(("  bare app, as long (reference)", bare))
            shutil.rmtree(data, ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"\nFrame gaps: ms between ticks of a {TICK * 1000:.0f} ms timer, from start until")
    print(f"everything is built (target: none over {TARGET_MS:.0f} ms). Load average {load:.1f}\n")
    print(
        f"| {'run':<32} | {'seconds':>7} | {'median':>6} | {'p99':>6} | {'max':>6} | {'>100':>4} |"
    )
    print(f"|{'-' * 34}|{'-' * 9}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 6}|")
    for label, r in rows:
        print(
            f"| {label:<32} | {r['wall']:7.1f} | {r['median']:6.1f} | {r['p99']:6.1f} "
            f"| {r['max']:6.1f} | {int(r['over']):4d} |"
        )


if __name__ == "__main__":
    main()
