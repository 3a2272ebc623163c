"""HTML articles, whole pages or fragments, through lxml (libxml2's HTML parser).

lxml records the source line of every element, so blocks point into the HTML source. It
records no columns and no end positions: a block's end line is its last element's start line
plus the line breaks in the text after it, and its column is the line's first non-blank.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from copydesk.document import (
    Block,
    BlockKind,
    Cell,
    Document,
    TableRow,
    find_directives,
    table_text,
)

SKIPPED = frozenset(
    {"script", "style", "nav", "footer", "noscript", "template", "svg", "math", "head",
     "iframe", "object", "canvas", "select", "button"}
)  # fmt: skip
HEADINGS = {f"h{level}": level for level in range(1, 7)}
PARAGRAPH_LIKE = frozenset({"p", "dt", "dd", "figcaption", "caption", "summary", "address"})
CONTAINERS = frozenset(
    {"html", "body", "article", "main", "section", "div", "header", "aside", "figure", "ul",
     "ol", "dl", "details", "hgroup", "center", "form", "fieldset", "search"}
)  # fmt: skip
BLOCKS = frozenset({*HEADINGS, *PARAGRAPH_LIKE, "li", "table", "blockquote", "pre"})
#: Inline elements whose content is not prose.
NOT_PROSE = frozenset({*SKIPPED, "code", "kbd", "samp", "var", "img", "picture", "video", "audio"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def parse_html(document: Document) -> None:
    document.directives = find_directives(document.source, "html")
    if not document.source.strip():
        return
    try:
        root = lxml.html.document_fromstring(document.source)
    except (lxml.etree.ParserError, ValueError):
        try:  # a str that declares an XML encoding must be handed over as bytes
            root = lxml.html.document_fromstring(document.source.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return
    content = _content_root(root)
    builder = _HtmlBlocks(document)
    builder.container(content)
    document.blocks = builder.blocks
    document.title = _title(root, content, builder.blocks)


def _content_root(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The article itself: the fullest <article>, else <main>, else <body>."""
    articles = [el for el in root.iter("article") if not _inside_skipped(el)]
    if articles:
        return max(articles, key=lambda el: len(el.text_content()))
    main = next(root.iter("main"), None)
    if main is not None:
        return main
    body = root.find("body")
    return body if body is not None else root


def _inside_skipped(element: lxml.html.HtmlElement) -> bool:
    return any(ancestor.tag in SKIPPED for ancestor in element.iterancestors())


def _title(root, content, blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind is BlockKind.HEADING and block.level == 1:
            return block.text
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        return title.text.strip()
    headings = [block for block in blocks if block.kind is BlockKind.HEADING]
    return headings[0].text if headings else None


def _tag(node) -> str | None:
    """Lower-case tag name of an element; None for comments and processing instructions."""
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def _clean(text: str) -> str:
    """Collapse HTML whitespace the way a browser renders it, keeping explicit line breaks."""
    lines = [_SPACES.sub(" ", part).strip() for part in text.split("\n")]
    return "\n".join(line for line in lines if line)


class _LooseText:
    """Inline text between blocks, and the line where its first visible character stands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int) -> None:
        """Append `text`, which starts on `line` of the source."""
        if not text:
            return
        if self.line is None and text.strip():
            leading = text[: len(text) - len(text.lstrip())]
            self.line = line + leading.count("\n")
        self.parts.append(text)


class _HtmlBlocks:
    def __init__(self, document: Document):
        self.document = document
        self.lines = document.lines
        self.blocks: list[Block] = []
        self.quoted = 0

    # -- walking ------------------------------------------------------------------------------

    def container(self, element) -> None:
        """Blocks of a container: its block children, and loose inline text between them."""
        loose = _LooseText()
        loose.add(element.text, element.sourceline or 1)
        for child in element:
            tag = _tag(child)
            if tag is not None and tag not in SKIPPED:
                if tag in BLOCKS or tag in CONTAINERS or self._holds_blocks(child):
                    self._loose_paragraph(loose)
                    loose = _LooseText()
                    self.block(child, tag)
                else:
                    loose.add(self._inline_text(child), child.sourceline or 1)
            loose.add(child.tail, self._end_line(child))
        self._loose_paragraph(loose)

    def _holds_blocks(self, element) -> bool:
        for descendant in element.iterdescendants():
            if _tag(descendant) in BLOCKS or _tag(descendant) in CONTAINERS:
                return True
        return False

    def block(self, element, tag: str) -> None:
        if tag in HEADINGS:
            self._add(BlockKind.HEADING, element, self._inline_text(element), level=HEADINGS[tag])
        elif tag in PARAGRAPH_LIKE:
            if self._holds_blocks(element):
                self.container(element)
            else:
                self._add(BlockKind.PARAGRAPH, element, self._inline_text(element))
        elif tag == "li":
            self._list_item(element)
        elif tag == "table":
            self._table(element)
        elif tag == "blockquote":
            self.quoted += 1
            self.container(element)
            self.quoted -= 1
        elif tag == "pre":
            self._add(BlockKind.CODE, element, element.text_content())
        else:
            self.container(element)

    def _list_item(self, element) -> None:
        """A list item's own text; nested lists become items of their own."""
        nested = [child for child in element if _tag(child) in ("ul", "ol")]
        own = self._inline_text(element, skip=frozenset(nested))
        if own.strip():
            depth = sum(1 for a in element.iterancestors() if _tag(a) in ("ul", "ol"))
            self._add(BlockKind.LIST_ITEM, element, own, level=max(depth, 1))
        for child in nested:
            self.container(child)

    def _table(self, table) -> None:
        rows: list[TableRow] = []
        row_elements = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        header_rows = set(table.xpath("./thead/tr"))
        for position, row in enumerate(row_elements):
            cells = [child for child in row if _tag(child) in ("td", "th")]
            is_header = row in header_rows or (
                position == 0
                and not header_rows
                and cells != []
                and all(_tag(cell) == "th" for cell in cells)
            )
            line = row.sourceline or table.sourceline or 1
            rows.append(TableRow(tuple(self._cell(cell, line) for cell in cells), line, is_header))
        # A header must come first; a <thead> written after <tbody> is still the header.
        rows.sort(key=lambda row: not row.is_header)
        self._add(BlockKind.TABLE, table, table_text(tuple(rows)), rows=tuple(rows))

    def _cell(self, cell, row_line: int) -> Cell:
        line = cell.sourceline or row_line
        text = " ".join(self._inline_text(cell).split())
        source_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        column = len(source_line) - len(source_line.lstrip()) + 1
        return Cell(text, line, column, len(source_line) + 1)

    # -- text and positions -------------------------------------------------------------------

    def _inline_text(self, element, skip: frozenset = frozenset()) -> str:
        parts: list[str] = []
        self._collect(element, parts, skip)
        return _clean("".join(parts))

    def _collect(self, element, parts: list[str], skip: frozenset) -> None:
        if element.text:
            parts.append(element.text)
        for child in element:
            tag = _tag(child)
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCKS or tag in ("tr", "li"):
                parts.append("\n")
                if child not in skip:
                    self._collect(child, parts, skip)
                parts.append("\n")
            elif tag == "q":  # browsers render <q> with quotation marks; so does the text
                parts.append("“")
                self._collect(child, parts, skip)
                parts.append("”")
            elif tag is not None and tag not in NOT_PROSE and child not in skip:
                self._collect(child, parts, skip)
            if child.tail:
                parts.append(child.tail)

    def _end_line(self, element) -> int:
        """Last line of an element, its closing tag included. lxml gives start lines only: take
        the last-starting descendant's line plus the line breaks in the text that follows it
        inside `element` (its own text and the tails of it and its ancestors)."""
        last = element
        for descendant in element.iter():
            if descendant.sourceline and descendant.sourceline >= (last.sourceline or 0):
                last = descendant
        trailing = "".join(last.itertext()) if _tag(last) is not None else ""
        node = last
        while node is not element and node is not None:
            trailing += node.tail or ""
            node = node.getparent()
        return (last.sourceline or 1) + trailing.count("\n")

    def _loose_paragraph(self, loose: _LooseText) -> None:
        text = _BLANK_LINES.sub("\n", _clean("".join(loose.parts)))
        if text and loose.line is not None:
            end_line = loose.line + text.count("\n")
            self.blocks.append(self._block(BlockKind.PARAGRAPH, text, loose.line, end_line))

    def _add(self, kind: BlockKind, element, text: str, level: int = 0, rows=()) -> None:
        if not text.strip() and not rows:
            return
        line = element.sourceline or 1
        end_line = max(self._end_line(element), line)
        self.blocks.append(self._block(kind, text, line, end_line, level=level, rows=rows))

    def _block(self, kind, text, line, end_line, level=0, rows=()) -> Block:
        end_line = min(end_line, max(len(self.lines), 1))
        if kind is BlockKind.PARAGRAPH and self.quoted:
            kind = BlockKind.BLOCKQUOTE
        first = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        last = self.lines[end_line - 1] if 0 < end_line <= len(self.lines) else ""
        return Block(
            kind,
            text,
            line=line,
            end_line=end_line,
            column=len(first) - len(first.lstrip()) + 1,
            end_column=len(last) + 1,
            level=level,
            rows=rows,
            quoted=self.quoted > 0,
        )
