"""Markdown articles through markdown-it-py (CommonMark, GFM tables, YAML front matter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from copydesk.document import Block, BlockKind, Document, find_directives, table_text
from copydesk.formats.pipe_tables import is_delimiter_row, split_row


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def parse_markdown(document: Document) -> None:
    tokens = _parser().parse(document.source)
    builder = _BlockBuilder(document)
    builder.walk(tokens)
    document.blocks = sorted(builder.blocks, key=lambda block: (block.line, block.column))
    document.directives = _directives(tokens)
    headings = [b for b in document.blocks if b.kind is BlockKind.HEADING]
    top = [b for b in headings if b.level == 1] or headings
    title = document.metadata.get("title")
    document.title = title if isinstance(title, str) else (top[0].text if top else None)


def _directives(tokens: list[Token]) -> list:
    """Directives in real HTML comments only: raw HTML blocks and inline HTML, never code."""
    found = []
    for token in tokens:
        if token.type == "html_block" and token.map:
            found += find_directives(token.content, "markdown", token.map[0] + 1)
        elif token.type == "inline" and token.map and "copydesk" in token.content:
            line = token.map[0] + 1
            for child in token.children or ():
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    found += find_directives(child.content, "markdown", line)
    return found


def inline_text(token: Token) -> str:
    """Prose of an inline token: markup, images, raw HTML and inline code left out."""
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


@dataclass
class _OpenItem:
    """A list item being read: its paragraphs are joined into one LIST_ITEM block."""

    level: int
    first_line: int
    parts: list[str] = field(default_factory=list)
    last_line: int | None = None


class _BlockBuilder:
    """Walks the flat token stream, keeping the container stack (lists, quotes) in mind."""

    def __init__(self, document: Document):
        self.document = document
        self.lines = document.lines
        self.blocks: list[Block] = []
        self.list_depth = 0
        self.quote_depth = 0
        self.items: list[_OpenItem] = []

    def walk(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "front_matter":
                self._front_matter(token)
            elif kind == "heading_open":
                self._add(BlockKind.HEADING, tokens[index + 1], token.map, level=int(token.tag[1]))
                index += 2
            elif kind == "paragraph_open":
                inline = tokens[index + 1]
                if self.items and token.level == self.items[-1].level + 1:
                    self._item_paragraph(inline, token.map)
                else:
                    self._add(BlockKind.PARAGRAPH, inline, token.map)
                index += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
            elif kind == "list_item_open":
                self.items.append(_OpenItem(token.level, token.map[0] if token.map else 0))
            elif kind == "list_item_close":
                self._close_item()
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind in ("fence", "code_block"):
                self._code(token)
            elif kind == "table_open":
                self._table(token)
            index += 1

    # -- blocks ----------------------------------------------------------------------------------

    def _span(self, line_map: list[int] | None) -> tuple[int, int, int, int]:
        start, end = line_map if line_map else (0, 1)
        end = max(end, start + 1)
        first = self.lines[start] if start < len(self.lines) else ""
        last = self.lines[end - 1] if end - 1 < len(self.lines) else ""
        column = len(first) - len(first.lstrip(" \t>")) + 1
        return start + 1, column, end, len(last) + 1

    def _add(
        self, kind: BlockKind, inline: Token, line_map: list[int] | None, level: int = 0
    ) -> None:
        line, column, end_line, end_column = self._span(line_map)
        if kind is BlockKind.PARAGRAPH and self.quote_depth:
            kind = BlockKind.BLOCKQUOTE
        self.blocks.append(
            Block(
                kind,
                inline_text(inline),
                line=line,
                end_line=end_line,
                column=column,
                end_column=end_column,
                level=level,
                quoted=self.quote_depth > 0,
            )
        )

    def _item_paragraph(self, inline: Token, line_map: list[int] | None) -> None:
        item = self.items[-1]
        item.parts.append(inline_text(inline))
        item.last_line = line_map[1] if line_map else item.first_line + 1

    def _close_item(self) -> None:
        item = self.items.pop()
        if item.last_line is None:  # an empty item, or one holding only a nested list or code
            return
        line, column, end_line, end_column = self._span([item.first_line, item.last_line])
        self.blocks.append(
            Block(
                BlockKind.LIST_ITEM,
                "\n\n".join(item.parts),
                line=line,
                end_line=end_line,
                column=column,
                end_column=end_column,
                level=self.list_depth,
                quoted=self.quote_depth > 0,
            )
        )

    def _code(self, token: Token) -> None:
        line, column, end_line, end_column = self._span(token.map)
        self.blocks.append(Block(BlockKind.CODE, token.content, line, end_line, column, end_column))

    def _table(self, token: Token) -> None:
        line, column, end_line, end_column = self._span(token.map)
        rows = []
        for number in range(line, end_line + 1):
            text = self.lines[number - 1]
            if number == line + 1 and is_delimiter_row(text):
                continue
            rows.append(split_row(text, number, is_header=number == line))
        self.blocks.append(
            Block(
                BlockKind.TABLE,
                table_text(tuple(rows)),
                line=line,
                end_line=end_line,
                column=column,
                end_column=end_column,
                rows=tuple(rows),
                quoted=self.quote_depth > 0,
            )
        )

    def _front_matter(self, token: Token) -> None:
        """Front matter is metadata, never prose. Simple `key: value` lines are kept as strings;
        the YAML itself is not interpreted (no YAML parser is a runtime dependency)."""
        metadata = self.document.metadata
        metadata["front_matter"] = token.content
        for raw in token.content.splitlines():
            key, sep, value = raw.partition(":")
            if sep and key.strip() and not raw.startswith((" ", "\t", "-")):
                metadata.setdefault(key.strip(), value.strip().strip("\"'"))
