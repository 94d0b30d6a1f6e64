"""Dossier's themes load from styles/themes and work in a running app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.theme import Theme

from tui.terminal.themes import DEFAULT_THEME, available_themes, load_themes, register_themes


def test_the_three_themes_load() -> None:
    themes, errors = load_themes()
    assert errors == []
    names = {t.name for t in themes}
    assert {"dossier-dark", "dossier-light", "dossier-high-contrast"} <= names
    assert DEFAULT_THEME in names
    assert all(isinstance(t, Theme) for t in themes)


def test_dark_and_light_flags() -> None:
    by_name = {t.name: t for t in available_themes()}
    assert by_name["dossier-dark"].dark and not by_name["dossier-light"].dark


def test_high_contrast_is_black_white_and_yellow() -> None:
    theme = {t.name: t for t in available_themes()}["dossier-high-contrast"]
    assert theme.background == "#000000"
    assert theme.foreground == "#ffffff"
    assert theme.accent == "#ffff00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\n', "'primary'"),
        ('primary = "#fff"\n', "'name'"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"\n', "'dark'"),
        ('name = "x"\nprimary = "not a colour"\n', "x.toml"),
        ('name = "x"\nprimary = ', "x.toml"),
    ],
)
def test_a_broken_theme_file_is_reported_and_skipped(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    (tmp_path / "ok.toml").write_text('name = "ok"\nprimary = "#123456"\n', encoding="utf-8")
    themes, errors = load_themes(tmp_path)
    assert [t.name for t in themes] == ["ok"]
    assert len(errors) == 1 and message in errors[0]


async def test_every_theme_applies_in_an_app() -> None:
    app: App[None] = App()
    async with app.run_test(size=(40, 10)) as pilot:
        names = register_themes(app)
        for name in names:
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
