"""RTF documents, also when saved as .txt: read through striprtf, or skipped with the reason."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from tui.core.corpus import load_corpus, load_file
from tui.core.corpus.rtf_format import RTF_MISSING, is_rtf
from tui.core.models import Document, SkippedFile

RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}"
    r"{\info{\title Not the text}}\f0\fs24 Harbour Board Delays Dredging\par\par "
    r"The board met at the caf\'e9 on Monday and chose to wait for {\b two} estimates.\par"
    r"\par Engineers will report next month.\par}"
)


@pytest.mark.parametrize("name", ["saved.txt", "letter.rtf"])
def test_rtf_is_read_as_text(tmp_path: Path, name: str) -> None:
    pytest.importorskip("striprtf")
    path = tmp_path / name
    path.write_bytes(RTF.encode("ascii"))
    doc = load_file(path)
    assert isinstance(doc, Document), doc
    assert doc.fmt == "rtf"
    assert doc.title == "Harbour Board Delays Dredging"
    texts = [p.text for p in doc.passages]
    assert texts[1] == "The board met at the café on Monday and chose to wait for two estimates."
    assert texts[2] == "Engineers will report next month."
    assert not any("\\" in t or "{" in t for t in texts)


def test_rtf_without_the_library_is_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def no_striprtf(name: str, package: str | None = None) -> ModuleType:
        if name.startswith("striprtf"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_striprtf)
    (tmp_path / "saved.txt").write_bytes(RTF.encode("ascii"))
    (tmp_path / "plain.txt").write_text("Plain\n\nText.")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["plain.txt"]
    assert corpus.skipped == [SkippedFile(str(tmp_path / "saved.txt"), RTF_MISSING)]


def test_a_dot_rtf_file_that_is_not_rtf_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "fake.rtf").write_text("Just text\n\nNot RTF at all.")
    corpus = load_corpus([tmp_path])
    assert not corpus.documents
    assert corpus.skipped == [SkippedFile(str(tmp_path / "fake.rtf"), "not an RTF document")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{\\rtf1\\ansi hello}", True),
        (b"\xef\xbb\xbf\n {\\rtf1 x}", True),
        (b"Plain text about {\\rtf1 markers}", False),
        (b"{\\rt not quite}", False),
    ],
)
def test_is_rtf(data: bytes, expected: bool) -> None:
    assert is_rtf(data) is expected
