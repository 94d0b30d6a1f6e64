"""Themes, config file and key remapping as the app applies them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import settle
from tui.app import make_app
from tui.core.config import Config, load_config


async def test_theme_from_argument_and_remembered_when_changed(seeds: Path) -> None:
    app = make_app([str(seeds)], theme="dossier-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "dossier-light"
        app.theme = "dossier-high-contrast"
        await pilot.pause()
    assert load_config().theme == "dossier-high-contrast"
    app = make_app([str(seeds)], config=load_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "dossier-high-contrast"


@pytest.mark.parametrize("theme", ["dossier-light", "dossier-dark"])
async def test_start_theme_styles_the_first_frame_without_a_second_parse(
    seeds: Path, theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme is in place before the stylesheet is first read: its colours from the first
    frame, no reparse of the whole stylesheet at start, and nothing saved to the config."""
    from textual.css.stylesheet import Stylesheet

    reparsed: list[int] = []
    real_reparse = Stylesheet.reparse

    def reparse(self: Stylesheet) -> None:
        reparsed.append(1)
        real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    app = make_app([str(seeds)], theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert reparsed == []
        wanted = app.current_theme.background
        assert app.current_theme.name == theme and wanted is not None
        assert app.screen.styles.background.hex.lower() == wanted.lower()
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-light-mode") == (theme == "dossier-light")
    assert load_config().theme is None


async def test_unknown_theme_falls_back_with_a_notice(seeds: Path) -> None:
    app = make_app([str(seeds)], theme="nope")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "dossier-dark"
        assert any("No theme 'nope'" in n.message for n in app._notifications)


async def test_bad_config_still_starts_and_says_which_line(seeds: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "config" / "config.toml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('theme = "dossier-light"\ncolors = [oops\n')
    config = load_config()
    assert config.errors and "line 2" in config.errors[0]
    app = make_app([str(seeds)], config=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert any("line 2" in n.message for n in app._notifications)


async def test_keys_are_remapped_through_binding_ids(seeds: Path) -> None:
    from tui.screens.search import SearchScreen

    app = make_app([str(seeds)], config=Config(keys={"main.search": "f3"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        assert isinstance(app.screen, SearchScreen)


async def test_without_colour_selections_stay_visible(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.widgets.entity_panel import EntityPanel

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.no_color
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        style = panel.get_component_rich_style("option-list--option-highlighted")
        assert style.reverse


def test_the_app_runs_with_a_short_switch_interval(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the app runs, a busy worker thread hands the interpreter to the UI's thread after
    1 ms, not Python's 5 ms (frame gaps, bench/frames.py); the process's setting comes back
    after."""
    import sys

    import tui.app
    from tui import cli

    seen: list[float] = []

    class Recorder:
        return_code = 0

        def run(self, loop: object) -> None:
            seen.append(sys.getswitchinterval())

    monkeypatch.setattr(tui.app, "make_app", lambda *a, **k: Recorder())
    before = sys.getswitchinterval()
    assert cli.main([str(seeds), "--data-dir", str(tmp_path)]) == 0
    assert seen == [pytest.approx(cli.UI_SWITCH_INTERVAL)]
    assert cli.UI_SWITCH_INTERVAL < 0.005
    assert sys.getswitchinterval() == pytest.approx(before)
