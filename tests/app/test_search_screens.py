"""Pilot tests for the title finder modal and the search screen, in a tiny host app."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.core.corpus import load_corpus
from tui.core.models import plural
from tui.core.search import QuerySyntaxError, SearchHit, SqliteIndex
from tui.core.search import TitleFinder as TitleIndex
from tui.dialogs.title_finder import TitleFinder
from tui.screens.search import Opened, SearchScreen

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CORPUS = load_corpus([SEEDS])


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str | None] = []
        self.opened: list[Opened] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def open_search(self, screen: SearchScreen) -> None:
        """Push the screen as the main screen does: the result comes to a callback."""
        self.push_screen(screen, lambda opened: opened and self.opened.append(opened))


async def settle(app: App[None], pilot: Pilot[None]) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_title_finder_types_highlights_and_opens() -> None:
    app = Host()
    finder = TitleIndex([(d.id, d.title) for d in CORPUS.documents])
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(TitleFinder(finder), app.chosen.append)
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, TitleFinder)
        assert len(modal.hits) == 5
        await pilot.press(*"rubio")
        assert modal.hits[0].title.startswith("Ukraine Security: Rubio")
        prompt = modal.query_one(OptionList).get_option_at_index(0).prompt
        styled = [
            prompt.plain[s.start : s.end] for s in prompt.spans if "underline" in str(s.style)
        ]
        assert styled == ["Rubio"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"secnod")  # a typo still finds it
        assert modal.hits[0].title.startswith("NATO Just Got Its Second Life")
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [modal.hits[0].doc_id]
        assert not isinstance(app.screen, TitleFinder)


async def test_title_finder_moves_and_escapes() -> None:
    app = Host()
    finder = TitleIndex([(d.id, d.title) for d in CORPUS.documents])
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(TitleFinder(finder), app.chosen.append)
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, TitleFinder)
        await pilot.press("down", "down", "up")
        assert modal.query_one(OptionList).highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.chosen == [None]


def _seeds_search() -> SqliteIndex:
    index = SqliteIndex(None)
    index.refresh(CORPUS)
    return index


async def test_search_screen_searches_explains_and_opens() -> None:
    app = Host()
    index = _seeds_search()
    history: list[str] = []
    screen = SearchScreen(index.query, history)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_search(screen)
        await pilot.pause()
        await pilot.press(*"Rutte")
        await settle(app, pilot)
        assert screen.hits and screen.hits[0].doc.startswith("001_")
        status = str(screen.query_one("#search-status", Static).content)
        assert f"{plural(len(screen.hits), 'passage')} for “Rutte”" in status
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        bold = [prompt.plain[s.start : s.end] for s in prompt.spans if "underline" in str(s.style)]
        assert "Rutte" in bold

        await pilot.press("down")  # from the input into the results
        assert screen.query_one(OptionList).has_focus
        await pilot.press("w")
        why = screen.query_one("#search-why", Static)
        assert why.display and "coverage" in str(why.content)

        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        assert len(app.opened) == 1
        opened = app.opened[0]
        assert opened.doc_id.startswith("001_") and opened.passage == screen.hits[0].passage
        assert "rutte" in opened.terms
        assert history == ["Rutte"]

        # Pushed again, the same instance shows the same query and results.
        app.open_search(screen)
        await settle(app, pilot)
        assert screen.query_one(Input).value == "Rutte"
        assert screen.query_one(OptionList).option_count == len(screen.hits)


async def test_search_screen_history_escape_and_errors() -> None:
    app = Host()
    index = _seeds_search()
    history = ["Galwan", "Albright"]
    screen = SearchScreen(index.query, history)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_search(screen)
        await pilot.pause()
        await pilot.press("up")
        assert screen.query_one(Input).value == "Albright"
        await pilot.press("up")
        assert screen.query_one(Input).value == "Galwan"
        await settle(app, pilot)
        assert screen.hits[0].doc.startswith("004_")
        await pilot.press("down")
        assert screen.query_one(Input).value == "Albright"
        await pilot.press("down")
        assert screen.query_one(Input).value == ""
        await pilot.press(*"-nato")
        await settle(app, pilot)
        assert "Cannot search" in str(screen.query_one("#search-status", Static).content)
        await pilot.press("ctrl+u", *"zzqqxx")
        await settle(app, pilot)
        assert "No passage matches" in str(screen.query_one("#search-status", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
        assert screen.query_text == "zzqqxx"


async def test_a_query_edited_after_the_history_is_kept() -> None:
    """A query recalled with ↑ and then edited (or replaced) is the user's own: ↓ goes to its
    results, not to the next query of the history, and ↑ starts again from the newest."""
    app = Host()
    index = _seeds_search()
    screen = SearchScreen(index.query, ["Galwan", "Albright"])
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_search(screen)
        await pilot.pause()
        await pilot.press("up", "up")
        assert screen.query_one(Input).value == "Galwan"
        await pilot.press("ctrl+u", *"Albright")
        await settle(app, pilot)
        assert screen.hits
        await pilot.press("down")
        assert screen.query_one(Input).value == "Albright"
        assert screen.query_one(OptionList).has_focus
        await pilot.press("shift+tab")  # back to the query
        await pilot.press("ctrl+u", "up")
        assert screen.query_one(Input).value == "Albright"  # the newest, not where it stopped


async def test_typing_never_waits_for_a_slow_search() -> None:
    app = Host()
    release = threading.Event()
    calls: list[str] = []

    def slow(query: str) -> list[SearchHit]:
        calls.append(query)
        if query == "a":
            release.wait(5)  # the first search hangs until the test lets it go
        if query == "bad":
            raise QuerySyntaxError("nope")
        return [SearchHit("d.txt", "Doc", 1, 1.0, f"text {query}", ((0, 4),), {"coverage": 1.0})]

    screen = SearchScreen(slow)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_search(screen)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert screen.searching
        assert "searching…" in str(screen.query_one("#search-status", Static).content)
        await pilot.press("b")  # typed while the first search is still running
        assert screen.query_one(Input).value == "ab"
        release.set()
        await settle(app, pilot)
        assert not screen.searching
        assert [h.text for h in screen.hits] == ["text ab"]


async def test_search_screen_counts_says_and_or_and_shows_names_as_text() -> None:
    app = Host()
    asked: list[str] = []
    title = "Evil \x1b[31mred\x1b[0m [bold]title[/bold]"
    hit = SearchHit("z\x1b]0;pwned\x07.txt", title, 1, 0.5, "river bridge", ((0, 5),), {})

    def search(query: str) -> list[SearchHit]:
        asked.append(query)
        return [hit]

    screen = SearchScreen(search, [])
    async with app.run_test(size=(120, 30)) as pilot:
        app.open_search(screen)
        await pilot.pause()
        status = screen.query_one("#search-status", Static)
        assert "(AND)" in str(status.content) and "(OR)" in str(status.content)
        await pilot.press(*"river bridge")
        await settle(app, pilot)
        said = str(status.content)
        assert "1 passage for “river bridge”" in said  # not "1 passages"
        assert "all words first (AND)" in said and "ctrl+o" in said
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "\x1b" not in prompt.plain and "\x07" not in prompt.plain
        assert "^[[31mred" in prompt.plain and "[bold]title[/bold]" in prompt.plain

        await pilot.press("ctrl+o")  # any word
        await settle(app, pilot)
        assert screen.query_one(Input).value == "river OR bridge"
        assert asked[-1] == "river OR bridge"
        assert "any word (OR)" in str(status.content)
        await pilot.press("ctrl+o")  # back to all words
        await settle(app, pilot)
        assert screen.query_one(Input).value == "river bridge"


def test_title_finder_shows_titles_and_ids_as_text() -> None:
    from tui.core.search import TitleHit
    from tui.dialogs.title_finder import title_prompt

    prompt = title_prompt(TitleHit("id\x1b[2J", "Title \x1b]0;x\x07 [b]x[/b]", 1.0, (0, 1)))
    assert "\x1b" not in prompt.plain and "\x07" not in prompt.plain
    assert "[b]x[/b]" in prompt.plain and "^[[2J" in prompt.plain


async def test_title_finder_counts_with_thousands_separators() -> None:
    """ "1,500 documents", as everywhere else (it said "1500")."""
    app = Host()
    finder = TitleIndex([(f"{i}.txt", f"Report {i}") for i in range(1500)])
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(TitleFinder(finder), app.chosen.append)
        await pilot.pause()
        status = app.screen.query_one("#tf-status", Static)
        assert str(status.content) == "1,500 documents"
        await pilot.press(*"report 1499")
        await pilot.pause()
        assert str(status.content).endswith(" of 1,500 documents")
