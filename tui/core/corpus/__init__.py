"""Reading files and folders into Documents: formats, encodings, metadata, boilerplate."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from stat import S_ISREG

from markdown_it import MarkdownIt

from tui.core.models import Corpus, Document, Passage, PassageKind, SkippedFile, Span
from tui.core.text import (
    decode,
    looks_binary,
    needs_neutralising,
    neutralise,
    normalise_newlines,
    word_count,
)

EXTENSIONS = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
MAX_BYTES = 256 * 1024 * 1024  # larger files are skipped with a reason, never half-read
TITLE_MAX = 90

Progress = Callable[[int, int], None]  # (done, total)

# Whole lines that are web furniture, not content. Matched case-insensitively against a
# stripped paragraph no longer than BOILERPLATE_MAX characters: real content is never dropped.
BOILERPLATE_MAX = 200
_BOILERPLATE = re.compile(
    r"^(?:"
    r"advert(?:is)?(?:e)?ment|advertisment|advertising|sponsored(?: content)?"
    r"|read (?:the )?(?:original|full) (?:article|story)(?: here)?"
    r"|read more(?: here)?|continue reading"
    r"|leave a (?:comment|reply)|\d+ comments?|comments?|no comments(?: yet)?|comments are closed"
    r"|adblock(?:er)? detected|please (?:support us by )?disabl\w+ (?:your )?ad ?blocker.*"
    r"|you (?:may|might) also like|related (?:articles|posts|stories)|more from .{1,40}"
    r"|recommended(?: for you)?|trending(?: now)?|popular posts|latest news"
    r"|this site uses akismet to reduce spam.*|your email address will not be published.*"
    r"|required fields are marked.*|(?:share|tweet|pin|email)(?: this(?: article| story)?)?"
    r"|share (?:on|via) \w+.*|follow us(?: on .{1,40})?|sign up (?:for|to) our newsletter.*"
    r"|subscribe(?: to our newsletter| now)?|click here to subscribe.*|cookie (?:policy|settings)"
    r"|we use cookies.*|all rights reserved\.?|skip to (?:main )?content|back to top"
    r"|(?:see )?our comment(?:s|ing)? polic(?:y|ies).*|comment policy.*|log ?in to comment.*"
    r")[.!:]?$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^\s*(?:home|start|news)\s*(?:»|›|>|/|\|)\s*", re.IGNORECASE)
_URL_LINE = re.compile(
    r"^(?:source|originally published (?:at|on|in)|via|url)?\s*:?\s*<?(https?://\S+?)>?$", re.I
)
_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_DATE_MARKER = re.compile(
    r"^\s*(?:date|published|posted|updated)\s*[:\s]\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+Z?)?\s*",
    re.IGNORECASE,
)
_ISO_DATE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+Z?)?$")
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split())}
_LONG_DATE = re.compile(
    r"^(?:(?:published|posted|updated|date)\s*:?\s*)?(?:\w+day,?\s+)?"
    r"(?:(\d{1,2})\s+([a-z]+)|([a-z]+)\s+(\d{1,2}),?)\s+(\d{4})$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|author:?)\s+(.{2,80})$", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
_FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)


@dataclass(slots=True)
class _Meta:
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    source: str | None = None


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str, str]]:
    """Yield (root, file, id) for every candidate file under `paths`, in a stable order.

    `root` and `file` are absolute; `id` is the file's path relative to its root (POSIX).
    """
    for raw in paths:
        path = os.path.realpath(os.path.expanduser(os.fspath(raw)))
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                rel = os.path.relpath(dirpath, path)
                prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    if os.path.splitext(name)[1].lower() in EXTENSIONS:
                        yield path, os.path.join(dirpath, name), prefix + name
        else:
            yield os.path.dirname(path), path, os.path.basename(path)


def load_corpus(
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch: Callable[[list[Document]], None] | None = None,
) -> Corpus:
    """Load every document under `paths`; files that cannot be read are skipped with a reason.

    `progress(done, total)` is called every few hundred files; `batch(documents)` with the
    documents loaded since its last call, so a UI can list them while loading goes on.
    Raises FileNotFoundError when a path does not exist.
    """
    path_list = [Path(p).expanduser() for p in paths]
    for path in path_list:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    files = list(iter_files(path_list))
    multi_root = len({root for root, _, _ in files}) > 1
    corpus = Corpus(roots=tuple(str(p.resolve()) for p in path_list))
    seen: set[str] = set()
    sent = 0
    total = len(files)
    for i, (root, file, doc_id) in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if multi_root:
            doc_id = f"{os.path.basename(root)}/{doc_id}"
        if doc_id in seen:
            doc_id = file
        result = load_file(Path(file), Path(root), doc_id=doc_id)
        if isinstance(result, SkippedFile):
            corpus.skipped.append(result)
        else:
            seen.add(result.id)
            corpus.add(result)
        if i % 500 == 499 or i + 1 == total:
            if batch is not None and len(corpus.documents) > sent:
                batch(corpus.documents[sent:])
                sent = len(corpus.documents)
            if progress is not None:
                progress(i + 1, total)
    return corpus


def document_id(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.name


def load_file(
    file: Path, root: Path | None = None, doc_id: str | None = None
) -> Document | SkippedFile:
    """Read one file into a Document, or say why it cannot be read."""
    root = root if root is not None else file.parent
    try:
        stat = os.stat(file)
        if not S_ISREG(stat.st_mode):
            return SkippedFile(str(file), "not a regular file")
        if stat.st_size > MAX_BYTES:
            return SkippedFile(str(file), f"too large ({stat.st_size // (1024 * 1024)} MB)")
        data = file.read_bytes()
    except PermissionError:
        return SkippedFile(str(file), "permission denied")
    except OSError as exc:
        return SkippedFile(str(file), f"unreadable ({exc.strerror or exc.__class__.__name__})")
    if not data.strip():
        return SkippedFile(str(file), "empty file")
    if looks_binary(data):
        return SkippedFile(str(file), "binary file")
    text, encoding = decode(data)
    fmt = EXTENSIONS.get(file.suffix.lower(), "txt")
    doc = parse_document(
        text,
        doc_id=doc_id if doc_id is not None else document_id(file, root),
        path=str(file) if file.is_absolute() else str(file.resolve()),
        root=str(root),
        fmt=fmt,
    )
    if not doc.passages:
        return SkippedFile(str(file), "no readable text")
    notes = doc.notes + ((f"decoded as {encoding}",) if encoding != "utf-8" else ())
    return replace(doc, encoding=encoding, size=stat.st_size, mtime=stat.st_mtime, notes=notes)


def parse_document(
    text: str, doc_id: str, path: str = "", root: str = "", fmt: str = "txt"
) -> Document:
    """Turn decoded text into a Document (pure: no I/O)."""
    text = normalise_newlines(text).lstrip("\ufeff")
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)  # "&#163;" and "&amp;" from scraped pages
    notes: tuple[str, ...] = ()
    if needs_neutralising(text):
        clean = neutralise(text)
        if clean != text.replace("\t", "    "):
            notes = ("control characters neutralised",)
        text = clean
    meta = _Meta()
    if fmt == "md":
        blocks, hidden = _markdown_blocks(text, meta)
    else:
        blocks, hidden = _text_blocks(text, meta)
    passages = tuple(
        Passage(number=i + 1, text=t, kind=k, level=lvl, spans=spans)
        for i, (t, k, lvl, spans) in enumerate(blocks)
    )
    title = meta.title or _derive_title(passages) or Path(doc_id).stem
    words = sum(word_count(p.text) for p in passages)
    return Document(
        id=doc_id,
        path=path,
        root=root,
        title=title,
        passages=passages,
        date=meta.date,
        byline=meta.byline,
        source=meta.source,
        hidden=tuple(hidden),
        words=words,
        fmt=fmt,
        notes=notes,
    )


_Block = tuple[str, PassageKind, int, tuple[Span, ...]]


def _is_boilerplate(para: str) -> bool:
    s = para.strip()
    if len(s) > BOILERPLATE_MAX:
        return False
    return bool(_BOILERPLATE.match(s)) or bool(_BREADCRUMB.match(s) and ("»" in s or "›" in s))


def _take_metadata(para: str, meta: _Meta, position: int) -> str | None:
    """Pull metadata out of a paragraph near the top; return what remains (None: all taken)."""
    s = para.strip()
    if position > 6:
        return para
    m = _DATE_MARKER.match(s)
    if m and meta.date is None:
        meta.date = m.group(1)
        rest = s[m.end() :].strip()
        return rest or None
    m2 = _ISO_DATE_LINE.match(s)
    if m2 and meta.date is None:
        meta.date = m2.group(1)
        return None
    m3 = _LONG_DATE.match(s)
    if m3 and meta.date is None:
        day, month = (m3.group(1), m3.group(2)) if m3.group(1) else (m3.group(4), m3.group(3))
        month_no = _MONTHS.get(month.lower())
        if month_no:
            meta.date = f"{int(m3.group(5)):04d}-{month_no:02d}-{int(day):02d}"
            return None
    m4 = _BYLINE.match(s)
    if m4 and meta.byline is None and len(s.split()) <= 10:
        meta.byline = m4.group(1).strip()
        return None
    m5 = _URL_LINE.match(s)
    if m5 and meta.source is None:
        meta.source = m5.group(1)
        return None
    return para


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; a block of long lines is one paragraph per line."""
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) == 1:
            paras.append(lines[0])
            continue
        # Hard-wrapped prose has lines of similar, moderate length; one-paragraph-per-line
        # text has long lines, or short heading-like lines between long ones.
        longest = max(len(ln) for ln in lines[:-1])
        if longest > 100 or (any(_looks_like_heading(ln) for ln in lines) and longest > 60):
            paras.extend(lines)
        else:
            paras.append(" ".join(lines))
    return paras


_HEADING_END = re.compile(r"[.,;:!)\]”\"'…]$")


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120 or _HEADING_END.search(s):
        return False
    words = s.split()
    if len(words) > 18 or len(words) < 1:
        return False
    if s.endswith("?") and len(words) > 12:
        return False
    if s[0].islower():
        return False
    return not _BARE_URL.match(s)


def _text_blocks(text: str, meta: _Meta) -> tuple[list[_Block], list[str]]:
    blocks: list[_Block] = []
    hidden: list[str] = []
    paras = _split_paragraphs(text)
    for position, para in enumerate(paras):
        if _is_boilerplate(para):
            hidden.append(para)
            if _BREADCRUMB.match(para) and meta.title is None:
                pass
            continue
        rest = _take_metadata(para, meta, position)
        if rest is None:
            continue
        para = rest
        is_last = position == len(paras) - 1
        para, spans = _strong_markers(para)
        if _looks_like_heading(para) and not is_last:
            level = 1 if not blocks and meta.title is None else 2
            if level == 1:
                meta.title = para
            blocks.append((para, PassageKind.HEADING, level, spans))
        else:
            blocks.append((para, PassageKind.PARAGRAPH, 0, spans))
    return blocks, hidden


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _strong_markers(para: str) -> tuple[str, tuple[Span, ...]]:
    """`**bold**` in a plain-text file (pasted from Markdown): drop the stars, keep the bold."""
    if "**" not in para:
        return para, ()
    spans: list[Span] = []
    out: list[str] = []
    last = 0
    length = 0
    for m in _STRONG.finditer(para):
        out.append(para[last : m.start()])
        length += m.start() - last
        inner = m.group(1)
        spans.append(Span(length, length + len(inner), "bold"))
        out.append(inner)
        length += len(inner)
        last = m.end()
    out.append(para[last:])
    return "".join(out), tuple(spans)


def _markdown_blocks(text: str, meta: _Meta) -> tuple[list[_Block], list[str]]:
    fm = _FRONT_MATTER.match(text)
    if fm:
        for line in fm.group(1).splitlines():
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip().strip("\"'")
            if key == "title" and value:
                meta.title = value
            elif key == "date" and value:
                m = re.match(r"\d{4}-\d{2}-\d{2}", value)
                meta.date = m.group() if m else None
            elif key in ("author", "byline") and value:
                meta.byline = value
            elif key in ("source", "url", "link") and value:
                meta.source = value
        text = text[fm.end() :]
    md = MarkdownIt("commonmark")
    tokens = md.parse(text)
    blocks: list[_Block] = []
    hidden: list[str] = []
    list_depth = 0
    quote_depth = 0
    heading_level = 0
    position = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if code.strip():
                blocks.append((code, PassageKind.CODE, 0, ()))
        elif tok.type == "inline":
            plain, spans = _inline_text(tok.children or [])
            plain = plain.strip()
            if not plain:
                continue
            if heading_level:
                if meta.title is None and heading_level == 1:
                    meta.title = plain
                blocks.append((plain, PassageKind.HEADING, heading_level, spans))
            elif _is_boilerplate(plain):
                hidden.append(plain)
            else:
                rest = _take_metadata(plain, meta, position) if not list_depth else plain
                if rest is None:
                    continue
                if rest != plain:
                    plain, spans = rest, ()
                if list_depth:
                    blocks.append((plain, PassageKind.LIST_ITEM, list_depth, spans))
                elif quote_depth:
                    blocks.append((plain, PassageKind.QUOTE, quote_depth, spans))
                else:
                    blocks.append((plain, PassageKind.PARAGRAPH, 0, spans))
            position += 1
    return blocks, hidden


def _inline_text(children: Sequence[object]) -> tuple[str, tuple[Span, ...]]:
    parts: list[str] = []
    spans: list[Span] = []
    open_at: dict[str, list[int]] = {}
    length = 0
    styles = {"strong": "bold", "em": "italic", "link": "link", "s": "strike"}
    for child in children:
        ctype: str = getattr(child, "type", "")
        content: str = getattr(child, "content", "")
        if ctype in ("text", "html_inline"):
            parts.append(content)
            length += len(content)
        elif ctype == "code_inline":
            spans.append(Span(length, length + len(content), "code"))
            parts.append(content)
            length += len(content)
        elif ctype in ("softbreak", "hardbreak"):
            parts.append(" ")
            length += 1
        elif ctype == "image":
            alt = content or "image"
            parts.append(f"[{alt}]")
            length += len(alt) + 2
        elif ctype.endswith("_open"):
            open_at.setdefault(ctype[:-5], []).append(length)
        elif ctype.endswith("_close"):
            name = ctype[:-6]
            starts = open_at.get(name)
            if starts:
                start = starts.pop()
                if start < length:
                    spans.append(Span(start, length, styles.get(name, name)))
    raw = "".join(parts)
    stripped = raw.lstrip()
    shift = len(raw) - len(stripped)
    if shift:
        spans = [Span(max(0, s.start - shift), max(0, s.end - shift), s.style) for s in spans]
    return stripped, tuple(spans)


def _derive_title(passages: tuple[Passage, ...]) -> str | None:
    """The first heading, else the first sentence of the first paragraph, shortened."""
    for p in passages[:1]:
        if p.kind is PassageKind.HEADING:
            return shorten(p.text)
        sentence = re.split(r"(?<=[.!?])\s+", p.text, maxsplit=1)[0]
        return shorten(sentence.rstrip("."))
    return None


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"


def raw_text(path: str) -> str:
    """The file's whole text, decoded and neutralised, for the raw view."""
    data = Path(path).read_bytes()
    text, _ = decode(data)
    text = normalise_newlines(text)
    return neutralise(text)
