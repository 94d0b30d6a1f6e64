"""Where user data lives: --data-dir > DOSSIER_DATA_DIR > platformdirs. Resolved lazily."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

APP_NAME = "dossier"
ENV_DATA_DIR = "DOSSIER_DATA_DIR"
ENV_CONFIG_DIR = "DOSSIER_CONFIG_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory (not created here: callers create it when they first write)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


# Styles and the sample corpus are package data: in an installed wheel they sit inside the
# package (`tui/styles`, `tui/seeds`, mapped there by pyproject's package-dir); in a source
# checkout (an editable install, the tests) they are the top-level `styles/` and `seeds/`.
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """A folder shipped with Dossier (`styles`, `seeds`), wherever this install keeps it."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def seeds_dir() -> Path:
    """The bundled sample corpus (works from any directory, installed or not)."""
    return bundled_dir("seeds")


def styles_dir() -> Path:
    return bundled_dir("styles")


def corpus_key(roots: tuple[str, ...]) -> str:
    """A stable key for a corpus (its resolved roots), used to name per-corpus caches."""
    import hashlib

    joined = "\\0".join(sorted(str(Path(r).resolve()) for r in roots))
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of `path`, None when it is gone: whether a file set aside is still the
    one that was opened, and not one another process put in its place."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def move_aside(path: Path, inode: tuple[int, int] | None) -> Path | None:
    """Move an unusable SQLite file (and its -wal, -shm) aside as `<name>.corrupt-<stamp>`;
    None when another process already replaced it (only the file examined, by its identity
    from `file_identity`, is ever moved). The corpus and related caches set theirs aside so."""
    if inode is None or file_identity(path) != inode:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside
