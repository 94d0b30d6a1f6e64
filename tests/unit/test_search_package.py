"""`tui.core.search` re-exports its modules' names lazily: each must resolve, to the same
object as in its module, and the names mypy sees must be the names served at runtime."""

from __future__ import annotations

import ast
import importlib
import inspect

import tui.core.search as search


def test_every_exported_name_resolves_to_its_modules_object() -> None:
    for name, module in search._MODULES.items():
        owner = importlib.import_module(f"tui.core.search.{module}")
        assert getattr(search, name) is getattr(owner, name), name
    assert set(search.__all__) == set(search._MODULES)


def test_the_names_mypy_sees_are_the_names_served() -> None:
    tree = ast.parse(inspect.getsource(search))
    [guard] = [
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    ]
    typed = {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in guard.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert typed == search._MODULES
