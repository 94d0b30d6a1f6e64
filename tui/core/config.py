"""The user's config file, `config_dir()/config.toml`: theme, colour level, default paths, keys.

A bad file never stops the app: each problem becomes a message in `Config.errors` (naming the
line for a syntax error and the key for a wrong value) and the setting keeps its default.

```toml
theme = "dossier-dark"
colors = "auto"            # auto | truecolor | 256 | 16 | mono
paths = ["~/notes"]        # read when no PATH is given
[keys]
"main.search" = "s,f3"     # binding id = comma-separated keys
[fields]                   # JSON Lines / JSON records: keys tried first for each role
text = ["story_body"]      # roles: title, date, text, url, author, id
[entities]
model = "en_core_web_sm"   # an installed spaCy pipeline (pip install '.[spacy]'); else rules
```
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.paths import config_dir

CONFIG_NAME = "config.toml"
COLOR_LEVELS = ("auto", "truecolor", "256", "16", "mono")
RECORD_ROLES = ("title", "date", "text", "url", "author", "id")  # see corpus.records


@dataclass(frozen=True)
class Config:
    """Settings read from the config file; defaults wherever the file is silent or wrong."""

    theme: str | None = None
    colors: str = "auto"
    paths: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    entity_model: str | None = None  # [entities] model: a spaCy pipeline's name
    errors: list[str] = field(default_factory=list)
    path: Path | None = None


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


def _line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The 1-based line where `key` is assigned (inside [table] when given), if it can be found."""
    pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
            continue
        if current == table and pattern.match(line):
            return number
    return None


def _where(path: Path, text: str, key: str, table: str | None = None) -> str:
    line = _line_of(text, key, table)
    name = f"{table}.{key}" if table else key
    return f"{path}, line {line}: {name}" if line else f"{path}: {name}"


def parse_config(text: str, path: Path) -> Config:
    """A Config from the text of a config file; problems go to `errors`, never raised."""
    import tomllib  # here: without a config file, start-up does without it

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends "(at line L, column C)".
        return Config(errors=[f"{path}: {exc}; using the defaults"], path=path)
    errors: list[str] = []
    theme: str | None = None
    colors = "auto"
    paths: list[str] = []
    keys: dict[str, str] = {}
    fields: dict[str, list[str]] = {}

    if "theme" in data:
        value = data["theme"]
        if isinstance(value, str) and value.strip():
            theme = value.strip()
        else:
            errors.append(f"{_where(path, text, 'theme')} must be a theme name (a string)")
    if "colors" in data:
        value = data["colors"]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip().lower() in COLOR_LEVELS:
            colors = value.strip().lower()
        else:
            errors.append(
                f"{_where(path, text, 'colors')} must be one of {', '.join(COLOR_LEVELS)}"
                f" (got {value!r}); using auto"
            )
    if "paths" in data:
        value = data["paths"]
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            paths = [str(Path(p).expanduser()) for p in value]
        else:
            errors.append(f"{_where(path, text, 'paths')} must be a list of strings")
    if "keys" in data:
        value = data["keys"]
        if isinstance(value, dict):
            for binding_id, key in value.items():
                if isinstance(key, str) and key.strip():
                    keys[str(binding_id)] = key.strip()
                else:
                    errors.append(
                        f"{_where(path, text, str(binding_id), 'keys')} must be a key string"
                        ' such as "s,f3"'
                    )
        else:
            errors.append(f"{_where(path, text, 'keys')} must be a table: [keys]")
    if "fields" in data:
        value = data["fields"]
        if isinstance(value, dict):
            for role, names in value.items():
                names = [names] if isinstance(names, str) else names
                if role not in RECORD_ROLES:
                    errors.append(
                        f"{_where(path, text, str(role), 'fields')} is not a role"
                        f" ({', '.join(RECORD_ROLES)}; ignored)"
                    )
                elif isinstance(names, list) and all(isinstance(n, str) for n in names):
                    fields[role] = [n.strip() for n in names if n.strip()]
                else:
                    errors.append(
                        f"{_where(path, text, str(role), 'fields')} must be a list of key names"
                    )
        else:
            errors.append(f"{_where(path, text, 'fields')} must be a table: [fields]")
    entity_model: str | None = None
    if "entities" in data:
        value = data["entities"]
        if isinstance(value, dict):
            for name, setting in value.items():
                if name != "model":
                    errors.append(
                        f"{_where(path, text, str(name), 'entities')} is not a setting (ignored)"
                    )
                elif isinstance(setting, str):
                    entity_model = setting.strip() or None
                else:
                    errors.append(
                        f"{_where(path, text, 'model', 'entities')} must be a spaCy pipeline's"
                        ' name such as "en_core_web_sm"'
                    )
        else:
            errors.append(f"{_where(path, text, 'entities')} must be a table: [entities]")
    unknown = sorted(set(data) - {"theme", "colors", "paths", "keys", "fields", "entities"})
    for name in unknown:
        errors.append(f"{_where(path, text, name)} is not a setting (ignored)")
    return Config(
        theme=theme,
        colors=colors,
        paths=paths,
        keys=keys,
        fields=fields,
        entity_model=entity_model,
        errors=errors,
        path=path,
    )


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """The config at `path` (default `config_dir()/config.toml`); defaults when it is absent."""
    file = Path(path) if path is not None else config_path()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Config(path=file)
    except OSError as exc:
        return Config(
            errors=[f"{file}: cannot read ({exc.strerror}); using the defaults"], path=file
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Config(
            errors=[f"{file}: not UTF-8 (byte {exc.start}); using the defaults"], path=file
        )
    return parse_config(text, file)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


def save_theme(name: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Remember `name` as the theme: rewrite the file's top-level `theme =` line (or add one),
    keeping every other line and comment as it was; written atomically (temp file + rename)."""
    file = Path(path) if path is not None else config_path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme = {_toml_string(name)}"
    lines = text.splitlines()
    first_table = next(
        (i for i, s in enumerate(lines) if re.match(r"^\s*\[", s)),
        len(lines),
    )
    pattern = re.compile(r"^\s*(?:theme|\"theme\"|'theme')\s*=")
    for i in range(first_table):
        if pattern.match(lines[i]):
            lines[i] = line
            break
    else:
        lines.insert(0, line)
    new_text = "\n".join(lines) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(new_text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file


def color_env(level: str) -> dict[str, str]:
    """Environment variables that make Textual use colour `level`. Set them in os.environ before
    textual is first imported (constants.COLOR_SYSTEM is read at import; NO_COLOR in
    App.__init__). Unknown levels mean auto."""
    return {
        "truecolor": {"TEXTUAL_COLOR_SYSTEM": "truecolor"},
        "256": {"TEXTUAL_COLOR_SYSTEM": "256"},
        "16": {"TEXTUAL_COLOR_SYSTEM": "standard"},
        "mono": {"NO_COLOR": "1"},
    }.get(level, {})
