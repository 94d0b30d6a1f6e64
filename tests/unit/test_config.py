"""The config file: values, defaults, and bad files that never stop the app."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.core.config import COLOR_LEVELS, Config, color_env, load_config, save_theme


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults() -> None:
    config = load_config()
    assert config == Config(path=config.path)
    assert config.theme is None and config.colors == "auto" and not config.errors


def test_reads_every_setting_from_the_config_dir(tmp_path: Path) -> None:
    write(
        tmp_path,
        'theme = "dossier-light"\ncolors = "256"\npaths = ["~/notes", "/srv/corpus"]\n'
        '[keys]\n"main.search" = "s,f3"\n"app.quit" = "q"\n',
    )
    config = load_config()  # DOSSIER_CONFIG_DIR points at tmp_path/config
    assert config.theme == "dossier-light"
    assert config.colors == "256"
    assert config.paths[1] == "/srv/corpus"
    assert not config.paths[0].startswith("~")
    assert config.keys == {"main.search": "s,f3", "app.quit": "q"}
    assert config.errors == []


@pytest.mark.parametrize("level", COLOR_LEVELS)
def test_every_colour_level_is_accepted(tmp_path: Path, level: str) -> None:
    assert load_config(write(tmp_path, f'colors = "{level}"\n')).colors == level


def test_a_number_colour_level_is_accepted(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "colors = 16\n")).colors == "16"


def test_syntax_error_names_the_line_and_keeps_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "dossier-light"\n\ncolors = = "256"\n')
    config = load_config(path)
    assert config.theme is None and config.colors == "auto"
    assert len(config.errors) == 1
    assert "line 3" in config.errors[0]
    assert str(path) in config.errors[0]


def test_wrong_types_name_the_key_and_line_and_keep_the_rest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "dossier-light"\ncolors = "millions"\npaths = 3\n[keys]\n"main.search" = 5\n'
        '"main.find" = "/"\n',
    )
    config = load_config(path)
    assert config.theme == "dossier-light"
    assert config.colors == "auto"
    assert config.paths == []
    assert config.keys == {"main.find": "/"}
    joined = "\n".join(config.errors)
    assert "line 2: colors" in joined and "'millions'" in joined
    assert "line 3: paths" in joined
    assert "line 5: keys.main.search" in joined
    assert len(config.errors) == 3


def test_wrong_theme_type_and_unknown_setting(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "theme = true\nfont = 'x'\n"))
    assert config.theme is None
    assert any("line 1: theme" in e for e in config.errors)
    assert any("line 2: font is not a setting" in e for e in config.errors)


def test_keys_must_be_a_table(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'keys = "s"\n'))
    assert config.keys == {}
    assert any("line 1: keys must be a table" in e for e in config.errors)


def test_undecodable_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    config = load_config(path)
    assert config.theme is None and "not UTF-8" in config.errors[0]


def test_save_theme_creates_the_file(tmp_path: Path) -> None:
    path = save_theme("dossier-high-contrast")
    assert path == tmp_path / "config" / "config.toml"
    assert load_config().theme == "dossier-high-contrast"


def test_save_theme_keeps_other_keys_and_comments(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '# my settings\ncolors = "16"\ntheme = "dossier-dark"  # old\n[keys]\ntheme = "t"\n',
    )
    save_theme('odd "name"')
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\n")
    data = tomllib.loads(text)
    assert data == {"colors": "16", "theme": 'odd "name"', "keys": {"theme": "t"}}
    assert not list(path.parent.glob(".config-*"))  # no temp file left behind


def test_save_theme_adds_the_line_before_the_first_table(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\n"main.search" = "s"\n')
    save_theme("dossier-light")
    config = load_config(path)
    assert config.theme == "dossier-light" and config.keys == {"main.search": "s"}


@pytest.mark.parametrize(
    ("level", "env"),
    [
        ("auto", {}),
        ("truecolor", {"TEXTUAL_COLOR_SYSTEM": "truecolor"}),
        ("256", {"TEXTUAL_COLOR_SYSTEM": "256"}),
        ("16", {"TEXTUAL_COLOR_SYSTEM": "standard"}),
        ("mono", {"NO_COLOR": "1"}),
    ],
)
def test_color_env_matches_doctor_detection(level: str, env: dict[str, str]) -> None:
    from tui.terminal.capabilities import describe_colors

    assert color_env(level) == env
    expected = {"auto": "256"}.get(level, level)
    assert describe_colors({"TERM": "xterm-256color", **env})["effective"] == expected


def test_entities_model_setting(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[entities]\nmodel = " en_core_web_sm "\n'))
    assert config.entity_model == "en_core_web_sm" and config.errors == []
    bad = load_config(write(tmp_path, "[entities]\nmodel = 3\nsize = 2\n"))
    assert bad.entity_model is None
    assert any("line 2: entities.model must be a spaCy pipeline" in e for e in bad.errors)
    assert any("line 3: entities.size is not a setting" in e for e in bad.errors)
    assert (
        load_config(write(tmp_path, 'entities = "x"\n'))
        .errors[0]
        .endswith("must be a table: [entities]")
    )
