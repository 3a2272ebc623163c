"""Document: one article from Markdown, HTML or plain text, as titled blocks with line spans."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}
FORMATS = ("markdown", "html", "text")


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    BLOCKQUOTE = "blockquote"
    CODE = "code"


PROSE_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE}
)


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and exclusive end position; columns count Unicode code points."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int
    column: int
    end_column: int

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.end_column)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row as written: every cell the author typed, even past the header's width."""

    cells: tuple[Cell, ...]
    line: int
    is_header: bool = False


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: str
    line: int
    end_line: int
    column: int = 1
    end_column: int = 1
    #: Heading level (1-6); for list items, the nesting depth starting at 1.
    level: int = 0
    #: Table rows (header first, when the table has one); empty for other kinds.
    rows: tuple[TableRow, ...] = ()
    #: True for blocks inside a blockquote: reported speech rather than the article's own voice.
    quoted: bool = False

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS

    @property
    def header(self) -> TableRow | None:
        return self.rows[0] if self.rows and self.rows[0].is_header else None

    @property
    def body_rows(self) -> tuple[TableRow, ...]:
        return self.rows[1:] if self.header else self.rows


def table_text(rows: tuple[TableRow, ...]) -> str:
    """A table's text: one line per row, cells joined by " | "."""
    return "\n".join(" | ".join(cell.text for cell in row.cells) for row in rows)


class ProblemKind(StrEnum):
    UNREADABLE = "unreadable"
    BINARY = "binary"
    UNDECODABLE = "undecodable"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Something wrong with the file itself, found while reading it."""

    kind: ProblemKind
    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment: `<!-- copydesk-disable CB001 -->` or `copydesk: ...`."""

    action: str  # disable, enable, disable-next-line, disable-line, disable-file
    codes: frozenset[str]  # empty: every code
    line: int
    end_line: int


@dataclass
class Document:
    path: str
    format: str
    source: str
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    #: Set when the bytes could not be read as text at all; no prose rule runs on it.
    unparsed: bool = False
    #: The file's line break ("\n", "\r\n" or "\r"); `source` itself always uses "\n".
    newline: str = "\n"
    lines: list[str] = field(init=False, repr=False)
    _line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # One kind of line break for every parser and rule (lxml and `re.M` know only LF);
        # lines and columns are the same as in the file, which is what findings report.
        if "\r" in self.source:
            self.newline = "\r\n" if "\r\n" in self.source else "\r"
            self.source = _LINE_BREAK.sub("\n", self.source)
        self.lines = split_lines(self.source)
        # Offsets where each line starts; when the source ends with a line break, the last
        # entry is the end of the file.
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.source))]

    # -- positions ---------------------------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        """Absolute character offset of a 1-based (line, column) in `source`."""
        if line > len(self._line_starts):
            return len(self.source)
        return min(self._line_starts[max(line, 1) - 1] + column - 1, len(self.source))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an absolute character offset in `source`."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span_of_offsets(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def locate(self, block: Block, start: int, end: int) -> Span:
        """Where `block.text[start:end]` stands in the source file.

        Block text has markup removed (emphasis, entities, list markers), so the snippet is
        looked up in the block's source lines; the n-th occurrence in the text maps to the
        n-th in the source. When markup splits the snippet, its first line, then the block
        itself, is the best position we can give.
        """
        snippet = block.text[start:end]
        if not snippet.strip():
            return block.span
        region_start = self.offset(block.line, 1)
        region = self.source[region_start : self.offset(block.end_line + 1, 1)]
        occurrence = block.text.count(snippet, 0, start)
        for candidate in (snippet, snippet.split("\n", 1)[0]):
            found = _nth_index(region, candidate, occurrence)
            if found < 0:
                found = region.find(candidate)
            if found >= 0:
                absolute = region_start + found
                return self.span_of_offsets(absolute, absolute + len(candidate))
        return block.span

    # -- views --------------------------------------------------------------------------------

    def prose_blocks(self) -> list[Block]:
        return [block for block in self.blocks if block.is_prose]

    def tables(self) -> list[Block]:
        return [block for block in self.blocks if block.kind is BlockKind.TABLE]


def _nth_index(text: str, needle: str, n: int) -> int:
    position = -1
    for _ in range(n + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return -1
    return position


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(source: str) -> list[str]:
    """Lines as an editor numbers them: split on LF, CRLF or CR only (not on the form feeds and
    Unicode separators that str.splitlines also breaks on), without a phantom last line."""
    if not source:
        return []
    lines = _LINE_BREAK.split(source)
    if lines[-1] == "":
        lines.pop()
    return lines


# -- decoding --------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_bytes(data: bytes, format: str) -> tuple[str | None, list[InputProblem]]:
    """Decode an article's bytes. Returns (text, problems); text is None for binary data.

    UTF-8 with or without BOM, UTF-16 and UTF-32 with BOM, UTF-16 without BOM when every
    other byte is NUL, and for HTML the charset its <meta> declares. Anything else is read as
    UTF-8 with replacement characters and reported, so no text is silently lost.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError as error:
                text = data[len(bom) :].decode(encoding, errors="replace")
                return text, [_undecodable(text, encoding, error)]
    if b"\x00" in data:
        utf16 = _sniff_bomless_utf16(data)
        if utf16:
            try:
                return data.decode(utf16), []
            except UnicodeDecodeError:
                pass
        first_nul = data.index(b"\x00")
        return None, [
            InputProblem(
                ProblemKind.BINARY,
                f"binary file (NUL byte at offset {first_nul}); not an article, not checked",
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        utf8_error = error
    if format == "html":
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii")), []
            except (LookupError, UnicodeDecodeError):
                pass
    text = data.decode("utf-8", errors="replace")
    return text, [_undecodable(text, "utf-8", utf8_error, raw=data)]


def _sniff_bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # Text in UTF-16 has NUL high bytes for every Latin character, and never a NUL low byte.
    if odd_nuls > 0.3 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _undecodable(
    text: str, encoding: str, error: UnicodeDecodeError, raw: bytes | None = None
) -> InputProblem:
    prefix = error.object[: error.start].decode(encoding, errors="replace")
    breaks = list(_LINE_BREAK.finditer(prefix))
    line = len(breaks) + 1
    column = len(prefix) - (breaks[-1].end() if breaks else 0) + 1
    bad = error.object[error.start : error.end]
    replaced = text.count("\ufffd") - (raw.count("\ufffd".encode()) if raw else 0)
    hint = ""
    if raw is not None:
        try:
            raw.decode("cp1252")
            hint = " It decodes as Windows-1252: re-save it as UTF-8."
        except UnicodeDecodeError:
            pass
    plural = "s" if replaced != 1 else ""
    return InputProblem(
        ProblemKind.UNDECODABLE,
        f"not valid {encoding.upper()}: {max(replaced, 1)} undecodable byte sequence{plural}, "
        f"the first (0x{bad.hex()}) at line {line}, column {column}; "
        f"read with replacement characters (U+FFFD).{hint}",
        line=line,
        column=column,
    )


# -- suppression directives ------------------------------------------------------------------

_COMMENT_DIRECTIVE = re.compile(
    r"<!--\s*copydesk-(disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"([^>]*?)\s*-->",
)
_TEXT_DIRECTIVE = re.compile(
    r"^[ \t]*copydesk:[ \t]*(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$",
    re.M,
)


def _parse_codes(text: str) -> frozenset[str]:
    return frozenset(code.upper() for code in re.split(r"[\s,]+", text.strip()) if code)


def find_directives(text: str, format: str, first_line: int = 1) -> list[Directive]:
    """Suppression directives in `text`, whose first line is line `first_line` of the file."""
    if "copydesk" not in text:
        return []
    pattern = _TEXT_DIRECTIVE if format == "text" else _COMMENT_DIRECTIVE
    directives = []
    for match in pattern.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        end_line = line + text.count("\n", match.start(), match.end())
        directives.append(Directive(match.group(1), _parse_codes(match.group(2)), line, end_line))
    return directives


# -- reading ---------------------------------------------------------------------------------


def format_for_path(path: str | Path) -> str | None:
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())


def parse_document(path: str, source: str, format: str) -> Document:
    """Build a Document from already-decoded text."""
    from copydesk.formats import parse

    document = Document(path=path, format=format, source=source)
    parse(document)
    return document


def load_document(path: str, data: bytes, format: str) -> Document:
    """Decode and parse an article's bytes; decoding problems are kept on the Document."""
    text, problems = decode_bytes(data, format)
    if text is None:
        return Document(path=path, format=format, source="", problems=problems, unparsed=True)
    document = parse_document(path, text, format)
    document.problems.extend(problems)
    return document


def read_document(path: str | Path, format: str | None = None) -> Document:
    """Read an article from disk. A file that cannot be read is a Document with a problem."""
    display = str(path)
    fmt = format or format_for_path(path) or "text"
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return Document(
            path=display,
            format=fmt,
            source="",
            problems=[InputProblem(ProblemKind.UNREADABLE, f"cannot read file: {reason}")],
            unparsed=True,
        )
    return load_document(display, data, fmt)
