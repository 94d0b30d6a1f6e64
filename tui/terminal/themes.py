"""Dossier's themes, read from `styles/themes/*.toml` into Textual `Theme`s.

Each file holds: name, dark, primary, secondary, accent, foreground, background, surface, panel,
warning, error, success; optionally luminosity_spread, text_alpha and a [variables] table of
Textual design variables. Register them with `register_themes(app)`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.theme import Theme

from tui.core.paths import styles_dir

DEFAULT_THEME = "dossier-dark"
COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "warning",
    "error",
    "success",
)


def themes_dir() -> Path:
    return styles_dir() / "themes"


def theme_from_toml(data: dict[str, Any], source: str = "<theme>") -> Theme:
    """A Theme from a parsed theme file; ValueError naming the file and field when it is wrong."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{source}: 'name' must be a non-empty string")
    if not isinstance(data.get("primary"), str):
        raise ValueError(f"{source}: 'primary' must be a colour string")
    colours: dict[str, str] = {}
    for key in COLOUR_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"{source}: {key!r} must be a colour string")
        colours[key] = value
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"{source}: 'dark' must be true or false")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"{source}: [variables] must map names to strings")
    extra: dict[str, float] = {}
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            value = data[key]
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"{source}: {key!r} must be a number")
            extra[key] = float(value)
    theme = Theme(
        name=name,
        dark=dark,
        variables={str(k): str(v) for k, v in variables.items()},
        **colours,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    theme.to_color_system()  # raises on a colour Textual cannot parse
    return theme


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None
    try:
        return theme_from_toml(data, str(path))
    except ValueError:
        raise
    except Exception as exc:  # a colour Textual's parser rejects
        raise ValueError(f"{path}: {exc}") from None


def available_themes(directory: Path | None = None) -> list[Theme]:
    """Dossier's themes, sorted by name; a broken file is skipped (see `theme_errors`)."""
    themes, _ = load_themes(directory)
    return themes


def load_themes(directory: Path | None = None) -> tuple[list[Theme], list[str]]:
    """The themes in `directory` (default styles/themes) and a message per file that failed."""
    folder = directory if directory is not None else themes_dir()
    themes: list[Theme] = []
    errors: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(load_theme_file(path))
        except (OSError, ValueError) as exc:
            errors.append(str(exc))
    themes.sort(key=lambda t: t.name)
    return themes, errors


def register_themes(app: Any) -> list[str]:
    """Register every Dossier theme on a Textual App; returns their names."""
    names = []
    for theme in available_themes():
        app.register_theme(theme)
        names.append(theme.name)
    return names
