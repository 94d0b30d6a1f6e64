"""DossierApp and make_app(): bindings, the help screen and the command palette."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.driver import Driver
from textual.filter import Monochrome, NoColor
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import WorkerState

from tui.core.config import Config
from tui.core.paths import styles_dir
from tui.dialogs.help import KeyRow, format_key
from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from tui.screens.bookmarks import BookmarksScreen
from tui.terminal.typeahead import TypeaheadApp


def _binding_rows(section: str, bindings: Iterable[Binding | tuple[str, ...]]) -> list[KeyRow]:
    rows = []
    for b in bindings:
        if isinstance(b, Binding) and b.description:
            rows.append((section, format_key(b.key), b.description))
    return rows


def key_rows() -> list[KeyRow]:
    """Every key of the app, section by section, for the help screen."""
    from tui.widgets.document_list import DocumentList
    from tui.widgets.reader import Reader

    rows: list[KeyRow] = []
    rows += _binding_rows("Everywhere", DossierApp.BINDINGS)
    rows.append(("Everywhere", "ctrl+p", "Command palette"))
    rows += _binding_rows("Main screen", MainScreen.BINDINGS)
    rows += _binding_rows("Reader", Reader.BINDINGS)
    rows.append(("Reader", "b", "Bookmark: the one deliberate difference from less (page up: u)"))
    rows += _binding_rows("Document list", DocumentList.BINDINGS)
    from tui.dialogs.title_finder import TitleFinder
    from tui.screens.bookmarks import BookmarksScreen
    from tui.screens.entity_browser import EntityBrowser
    from tui.screens.search import SearchScreen

    rows += _binding_rows("Corpus search (s)", SearchScreen.BINDINGS)
    rows.append(("Corpus search (s)", "up,down", "Query history (in the input), results"))
    rows += _binding_rows("Title finder (o)", TitleFinder.BINDINGS)
    rows += _binding_rows("Bookmarks (B)", BookmarksScreen.BINDINGS)
    rows += _binding_rows("Entity browser (enter on an entity)", EntityBrowser.BINDINGS)
    return rows


class ActionsProvider(Provider):
    """Every key's action, by its description, in the command palette."""

    def _actions(self) -> list[tuple[str, str, str, Screen[object]]]:
        app = self.app
        main = app.main_screen if isinstance(app, DossierApp) else None
        screen: Screen[Any] = main or self.screen
        out = []
        for b in list(MainScreen.BINDINGS) + list(DossierApp.BINDINGS):
            if isinstance(b, Binding) and b.description and b.action != "open_palette":
                out.append((b.description, b.action, format_key(b.key), screen))
        from tui.widgets.reader import Reader

        for b in Reader.BINDINGS:
            if isinstance(b, Binding) and b.description:
                out.append((b.description, f"reader_{b.action}", format_key(b.key), screen))
        return out

    async def _run(self, action: str, screen: Screen[object]) -> None:
        if action.startswith("reader_"):
            from tui.widgets.reader import Reader

            await screen.query_one(Reader).run_action(action.removeprefix("reader_"))
        elif action in {b.action for b in DossierApp.BINDINGS if isinstance(b, Binding)}:
            await self.app.run_action(action)
        else:
            await screen.run_action(action)

    async def discover(self) -> Hits:
        for description, action, key, screen in self._actions():
            yield DiscoveryHit(description, partial(self._run, action, screen), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, key, screen in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self._run, action, screen),
                    help=f"key: {key}",
                )


# Worker groups that write what the user did: quitting waits for them, and only for them.
SAVING_GROUPS = frozenset({"bookmark", "position", "query-history", "entity-edit"})


class DossierApp(TypeaheadApp):
    """The Dossier reader."""

    TITLE = "Dossier"
    # The entity browser's and the cross-references' styles (entities.tcss) come with them,
    # when one is first opened: read at start, they cost ~4 ms before the first frame.
    CSS_PATH = [str(styles_dir() / "app.tcss")]
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        # Over SSH people press ctrl+c first: it quits (Textual would only say how to quit).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"),
        # A plain key too: over SSH some terminals and multiplexers take ctrl keys.
        # Textual binds ctrl+p itself (and shows it in the footer) unless another binding runs
        # its command_palette action: hence an action of our own.
        Binding("colon", "open_palette", "Command palette", show=False, id="app.palette"),
    ]

    def __init__(
        self, paths: list[str], theme: str | None = None, config: Config | None = None
    ) -> None:
        super().__init__()
        if self.no_color:
            # NO_COLOR means no colour: Textual's Monochrome filter still sends greys (38;5;239,
            # 48;5;236...). NoColor sends none; selections and matches show by reverse video,
            # bold and underline instead (App:nocolor in app.tcss).
            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]
        from tui.terminal.themes import DEFAULT_THEME, register_themes

        self.paths = paths
        self.main_screen: MainScreen | None = None
        self.config = config or Config()
        register_themes(self)
        wanted = theme or self.config.theme or DEFAULT_THEME
        self._start_with_theme(wanted if wanted in self.available_themes else DEFAULT_THEME)
        self.unknown_theme = None if wanted in self.available_themes else wanted
        if self.config.keys:
            self.set_keymap(self.config.keys)

    def _start_with_theme(self, name: str) -> None:
        """The theme before the stylesheet is first read, as `App.__init__` sets its default:
        `self.theme = name` here would have Textual parse the whole stylesheet a second time
        (~25 ms) before the first frame."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.update_classes(
            {f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )
        self._refresh_truecolor_filter(self.ansi_theme)
        # `App.__init__` gave the stylesheet the default theme's variables: give it ours.
        self.stylesheet.set_variables(self.get_css_variables())

    async def action_quit(self) -> None:
        """Quit at once: what the user did is saved first (a bookmark, a position, a query, an
        entity edit: short writes), what is being computed (index, entities) is left; its caches
        let it resume next time. `dossier` then exits without waiting for those threads."""
        saving = [
            w
            for w in self.workers
            if w.group in SAVING_GROUPS and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        if saving:
            with suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*(w.wait() for w in saving), return_exceptions=True), 10
                )
        self.workers.cancel_all()
        self.exit()

    def action_open_palette(self) -> None:
        self.action_command_palette()

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice, except that its Linux driver is swapped for one that quits when the
        terminal's input ends and writes compacted frames (fewer bytes over SSH; see
        `tui/terminal/termout.py`)."""
        driver_class = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        from tui.terminal.driver import CompactLinuxDriver, EndingLinuxDriver
        from tui.terminal.termout import compaction_enabled

        if driver_class is LinuxDriver:
            return CompactLinuxDriver if compaction_enabled() else EndingLinuxDriver
        return driver_class

    def on_terminal_closed(self) -> None:
        """No key can come any more (see `tui.terminal.driver.TerminalClosed`), or SIGTERM
        came: quit as `q` does, once the keys read before have acted and the screen is up
        (input that ends at once, `dossier < /dev/null`, quit while the main screen mounted:
        it crashed)."""
        self.call_after_refresh(self.run_worker, self._quit_after_keys(), group="quit")

    async def _quit_after_keys(self) -> None:
        await self.keys_handled.wait()
        await self.action_quit()

    def on_mount(self) -> None:
        if not self.is_headless:
            # `kill`, `timeout`, a shutdown: quit as `q` does, so that the terminal is given
            # back (Textual's own exit). Python's default ended the process at once, leaving
            # the terminal in the app's screen with the mouse still reported.
            with suppress(NotImplementedError, RuntimeError, ValueError):
                loop = asyncio.get_running_loop()
                loop.add_signal_handler(signal.SIGTERM, self.on_terminal_closed)
        for error in self.config.errors:
            self.notify(error, title="config.toml", severity="warning", timeout=15, markup=False)
        if self.unknown_theme:
            names = ", ".join(sorted(self.available_themes))
            self.notify(
                f"No theme {self.unknown_theme!r}; using {self.theme}. Themes: {names}",
                severity="warning",
                timeout=10,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        from tui.core.config import save_theme

        try:
            save_theme(theme.name)
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc}", severity="warning")

    def get_default_screen(self) -> Screen[Any]:
        self.main_screen = MainScreen(self.paths)
        return self.main_screen

    def on_bookmarks_screen_edited(self, message: BookmarksScreen.Edited) -> None:
        """The bookmarks screen's changes go to the main screen, which owns the store."""
        if self.main_screen is not None:
            self.main_screen.bookmark_edited(message)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's, but "Keys" opens this app's help (the keys by what they do; esc closes
        it), not Textual's panel beside the screen, which esc did not close."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Every key, by what it does (?)", self.action_help)
            else:
                yield command

    def action_help(self) -> None:
        from tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_rows()))


def make_app(
    paths: list[str], theme: str | None = None, config: Config | None = None
) -> DossierApp:
    """The one factory shared by the CLI and the tests."""
    return DossierApp(paths, theme=theme, config=config)
