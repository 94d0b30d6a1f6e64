"""Finding a corpus's files and reading each into a Document, or saying why it cannot be."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from tui.core.corpus.html_format import HTML_MAX_BYTES, HTML_MISSING, html_markdown
from tui.core.corpus.metadata import Metadata
from tui.core.corpus.parse import Parsed, parse_text
from tui.core.corpus.rtf_format import RTF_MISSING, is_rtf, rtf_text
from tui.core.models import Document, SkippedFile
from tui.core.text import decode, looks_binary, neutralise, normalise_newlines, plain_utf8

if TYPE_CHECKING:
    # Imported where a record file is read (`_parse_records`, `raw_record`): a folder of text
    # files never needs the record parser (~3 ms of imports on a first start, before its list).
    from tui.core.corpus.records import BadRecord, FieldMap

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".rtf": "rtf",  # needs the rtf extra
    ".html": "html",  # needs the html extra
    ".htm": "html",
    ".jsonl": "jsonl",  # one article per line
    ".ndjson": "jsonl",
    ".json": "json",  # an array of articles
}
RECORD_FORMATS = ("jsonl", "json")
# A JSON escape that decodes to a character `neutralise` changes (a control, a tab, any \u).
_JSON_CONTROL_ESCAPE = re.compile(rb"\\[bftu]")
MAX_BYTES = 256 * 1024 * 1024  # larger files are skipped with a reason, never half-read

Progress = Callable[[int, int], None]  # (done, total)


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str, str]]:
    """Yield (root, file, id) for every candidate file under `paths`, in a stable order.

    `root` and `file` are absolute; `id` is the file's path relative to its root (POSIX).
    """
    for root, file, doc_id, _ in scan_files(paths, stat=False):
        yield root, file, doc_id


def scan_files(
    paths: Iterable[str | os.PathLike[str]],
    stat: bool = True,
    skipped: list[SkippedFile] | None = None,
) -> Iterator[tuple[str, str, str, os.stat_result | None]]:
    """As `iter_files`, with each file's stat (None: it could not be had, or `stat` False).
    `skipped` gets the folders passed over with their files: unreadable ones, and symbolic
    links to folders (not followed: a link's target may be in the corpus already, or hold it).

    One scandir per folder, each entry stat'ed through it: at 100k files ~1.4x faster than a
    walk, then a stat by path (no path joined, split and resolved again per file)."""
    for raw in paths:
        path = os.path.realpath(os.path.expanduser(os.fspath(raw)))
        if os.path.isdir(path):
            yield from _scan(path, path, "", stat, skipped)
        else:
            yield os.path.dirname(path), path, os.path.basename(path), _stat(path, stat)


LINKED_FOLDER = "a link to a folder, not followed: open its target as a path of its own"


def _scan(
    root: str, folder: str, prefix: str, stat: bool, skipped: list[SkippedFile] | None = None
) -> Iterator[tuple[str, str, str, os.stat_result | None]]:
    """A folder's files by name, then its subfolders' (as os.walk: hidden ones and symbolic
    links to folders are not entered; an unreadable folder is passed over, said in `skipped`
    with the links)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        if skipped is not None:
            why = f"folder not readable ({exc.strerror or exc.__class__.__name__})"
            skipped.append(SkippedFile(folder, f"{why}: its files are left out"))
        return
    folders = []
    for entry in entries:
        name = entry.name
        if is_folder(entry):
            if walked_into(entry):
                folders.append(entry)
            elif skipped is not None and not name.startswith("."):
                skipped.append(SkippedFile(entry.path, LINKED_FOLDER))
            continue
        if not listed(name):
            continue
        yield root, entry.path, prefix + name, _stat(entry, stat)
    for entry in folders:
        yield from _scan(root, entry.path, f"{prefix}{entry.name}/", stat, skipped)


def is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a folder (one that cannot be looked at is not)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def walked_into(entry: os.DirEntry[str]) -> bool:
    """A folder the scan goes into: not hidden, not a symbolic link."""
    return not entry.name.startswith(".") and not entry.is_symlink()


def listed(name: str) -> bool:
    """A file name the scan lists: not hidden, with one of EXTENSIONS."""
    dot = name.rfind(".")
    return not name.startswith(".") and dot >= 0 and name[dot:].lower() in EXTENSIONS


def _stat(path: str | os.DirEntry[str], stat: bool) -> os.stat_result | None:
    try:
        if not stat:
            return None
        return path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return None


def is_utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode kept undecodable bytes as lone surrogates
        return False
    return True


def printable_name(file: str) -> str:
    """A path whose undecodable bytes are shown as \\xff."""
    return os.fsencode(file).decode("utf-8", "backslashreplace")


def document_id(file: Path, root: Path) -> str:
    """The file's path relative to its root (POSIX), or its name when it lies outside."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.name


def load_path(
    file: Path, root: Path | None = None, doc_id: str | None = None
) -> tuple[list[Document], list[SkippedFile]]:
    """The documents one file holds (several for JSON Lines and arrays) and what was skipped."""
    docs, skipped, _ = read_path(file, root, doc_id)
    return docs, skipped


def read_path(
    file: Path, root: Path | None = None, doc_id: str | None = None
) -> tuple[list[Document], list[SkippedFile], bytes | None]:
    """As `load_path`, with the bytes the documents were parsed from (None: none read), so a
    cache can hash them without reading the file a second time."""
    parsed, skipped, data = read_parsed(os.fspath(file), _root(file, root), doc_id)
    return [p.document() for p in parsed], skipped, data


def read_parsed(
    file: str, root: str, doc_id: str | None = None, head: bool = False
) -> tuple[list[Parsed], list[SkippedFile], bytes | None]:
    """As `read_path`, the documents as parsed (a cache writes them without making passage
    objects); `file` and `root` as the Documents and skipped files give them. `head`: a long
    plain text is parsed no further than its metadata and first passages (`parse_text`)."""
    read = _read_bytes(file)
    if isinstance(read, SkippedFile):
        return [], [read], None
    fmt = file_format(file)
    if fmt in RECORD_FORMATS:
        return (*_parse_records(file, read, root, doc_id), read[0])
    result = _parse_file(file, read, root, doc_id, fmt, head)
    return ([result], [], read[0]) if isinstance(result, Parsed) else ([], [result], read[0])


def load_file(
    file: Path, root: Path | None = None, doc_id: str | None = None
) -> Document | SkippedFile:
    """Read one file into a Document, or say why it cannot be read."""
    read = _read_bytes(os.fspath(file))
    if isinstance(read, SkippedFile):
        return read
    result = _parse_file(os.fspath(file), read, _root(file, root), doc_id)
    return result.document() if isinstance(result, Parsed) else result


def _root(file: Path, root: Path | None) -> str:
    return str(root if root is not None else file.parent)


def _absolute(file: str) -> str:
    return file if os.path.isabs(file) else str(Path(file).resolve())


def file_format(file: str) -> str:
    """The format a file is read as, by its extension ("txt" when it says none)."""
    return EXTENSIONS.get(_suffix(file), "txt")


def _suffix(file: str) -> str:
    """The file's extension in lower case, as `Path.suffix` gives it ("" for ".txt", "a.")."""
    name = os.path.basename(file)
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _parse_file(
    file: str,
    read: tuple[bytes, os.stat_result],
    root: str,
    doc_id: str | None,
    fmt: str | None = None,
    head: bool = False,
) -> Parsed | SkippedFile:
    """The parsed document of a file's bytes (and stat), or why it cannot be had; `fmt` the
    format its extension says (found again if None)."""
    data, stat = read
    if not data.strip():
        return SkippedFile(file, "empty file")
    fmt = fmt if fmt is not None else file_format(file)
    safe = False
    if is_rtf(data):
        try:
            rtf = rtf_text(data)
        except ValueError as exc:
            return SkippedFile(file, f"unreadable RTF ({exc})")
        if rtf is None:
            return SkippedFile(file, RTF_MISSING)
        (text, encoding), fmt = rtf, "rtf"
    elif fmt == "rtf" or (not (safe := plain_utf8(data)) and looks_binary(data)):
        return SkippedFile(file, "binary file" if fmt != "rtf" else "not an RTF document")
    elif fmt == "html":
        if len(data) > HTML_MAX_BYTES:
            return SkippedFile(file, f"web page too large ({len(data) // (1024 * 1024)} MB)")
        try:
            page = html_markdown(data)
        except ValueError as exc:
            return SkippedFile(file, str(exc))
        if page is None:
            return SkippedFile(file, HTML_MISSING)
        text, encoding, safe = page, "utf-8", False  # trafilatura decodes by the page's charset
    else:
        text, encoding = decode(data)
        safe = safe and encoding.startswith("utf-8")  # the bytes were checked as UTF-8
    parsed = parse_text(
        text,
        doc_id=doc_id if doc_id is not None else document_id(Path(file), Path(root)),
        path=_absolute(file),
        root=root,
        fmt=fmt,
        encoding=encoding,
        size=stat.st_size,
        mtime=stat.st_mtime,
        safe=safe,
        head=head,
    )
    return parsed if parsed.blocks else SkippedFile(file, "no readable text")


def raw_text(path: str) -> str:
    """The file's whole text, decoded and neutralised, for the raw view."""
    data = Path(path).read_bytes()
    text, _ = decode(data)
    text = normalise_newlines(text)
    return neutralise(text)


# Opened without blocking: a named pipe is refused after the open, not waited on.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(file: str) -> tuple[bytes, os.stat_result] | SkippedFile:
    """The file's bytes and stat, or why they cannot be had (one open, its stat, one read)."""
    try:
        fd = os.open(file, _OPEN_FLAGS)
        try:
            stat = os.fstat(fd)
            if not S_ISREG(stat.st_mode):
                return SkippedFile(file, "not a regular file")
            if stat.st_size > MAX_BYTES:
                return SkippedFile(file, f"too large ({stat.st_size // (1024 * 1024)} MB)")
            data = os.read(fd, stat.st_size + 1)
            if len(data) > stat.st_size:  # grown since the stat (or a size the system hides)
                parts = [data]
                while chunk := os.read(fd, 1 << 20):
                    parts.append(chunk)
                data = b"".join(parts)
            return data, stat
        finally:
            os.close(fd)
    except PermissionError:
        return SkippedFile(file, "permission denied")
    except OSError as exc:
        return SkippedFile(file, f"unreadable ({exc.strerror or exc.__class__.__name__})")


def load_records(
    file: Path,
    root: Path | None = None,
    doc_id: str | None = None,
    fields: FieldMap | None = None,
) -> tuple[list[Document], list[SkippedFile]]:
    """A JSON Lines file or JSON array as one document per record ("file.jsonl#12", or the
    record's id after the "#"); each bad record is skipped with its line, the rest are read."""
    read = _read_bytes(os.fspath(file))
    if isinstance(read, SkippedFile):
        return [], [read]
    parsed, skipped = _parse_records(os.fspath(file), read, _root(file, root), doc_id, fields)
    return [p.document() for p in parsed], skipped


def _parse_records(
    file: str,
    read: tuple[bytes, os.stat_result],
    root: str,
    doc_id: str | None = None,
    fields: FieldMap | None = None,
) -> tuple[list[Parsed], list[SkippedFile]]:
    from tui.core.corpus.records import BadRecord, read_records

    data, stat = read
    if not data.strip():
        return [], [SkippedFile(file, "empty file")]
    safe = plain_utf8(data)
    if not safe and looks_binary(data):
        return [], [SkippedFile(file, "binary file")]
    text, encoding = decode(data)
    # A record's text is a JSON string: an escape ("\u001b", "\t") or an entity (an HTML
    # body is unescaped) can give it what its bytes do not hold; without either, it is plain.
    safe = safe and encoding.startswith("utf-8") and b"&" not in data
    safe = safe and not _JSON_CONTROL_ESCAPE.search(data)
    fmt = EXTENSIONS.get(_suffix(file), "jsonl")
    base_id = doc_id if doc_id is not None else document_id(Path(file), Path(root))
    path = _absolute(file)
    documents: list[Parsed] = []
    bad: list[BadRecord] = []
    for item in read_records(text, fmt, fields or configured_fields()):
        if isinstance(item, BadRecord):
            bad.append(item)
            continue
        doc = parse_text(
            item.text,
            doc_id=f"{base_id}#{item.key}",
            path=path,
            root=root,
            fmt=fmt,
            meta=Metadata(
                title=item.title,
                date=item.date,
                partial_date=item.partial_date,
                byline=item.author,
                source=item.url,
            ),
            encoding=encoding,
            size=stat.st_size,
            mtime=stat.st_mtime,
            safe=safe,
        )
        if not doc.blocks:
            bad.append(BadRecord(item.line, "no readable text"))
            continue
        documents.append(doc)
    return documents, _bad_records_skipped(file, bad, any_read=bool(documents))


def _bad_records_skipped(path: str, bad: list[BadRecord], any_read: bool) -> list[SkippedFile]:
    """One skipped entry per bad record (the first few, then a count), or one for the file."""
    from tui.core.corpus.records import BAD_RECORDS_LISTED

    if not bad:
        return [] if any_read else [SkippedFile(path, "no records")]
    if not any_read and all(b.reason == bad[0].reason for b in bad):
        return [SkippedFile(path, f"no record read: {bad[0].reason}")]
    out = [SkippedFile(path, f"line {b.line}: {b.reason}") for b in bad[:BAD_RECORDS_LISTED]]
    if len(bad) > BAD_RECORDS_LISTED:
        out.append(SkippedFile(path, f"{len(bad) - BAD_RECORDS_LISTED} more bad records"))
    return out


@lru_cache(maxsize=1)
def configured_fields() -> FieldMap:
    """The record field names, with the config's `[fields]` table tried first."""
    from tui.core.config import load_config
    from tui.core.corpus.records import FieldMap

    return FieldMap.with_overrides(load_config().fields)


def raw_record(path: str, key: str, fields: FieldMap | None = None) -> str | None:
    """The record `key` of a JSON Lines file or array, as indented JSON (None: not there)."""
    from tui.core.corpus.records import Article, read_records

    file = Path(path)
    text, _ = decode(file.read_bytes())
    fmt = EXTENSIONS.get(file.suffix.lower(), "jsonl")
    for item in read_records(text, fmt, fields or configured_fields(), keep_raw=True):
        if isinstance(item, Article) and item.key == key:
            return neutralise(json.dumps(item.raw, indent=2, ensure_ascii=False))
    return None
