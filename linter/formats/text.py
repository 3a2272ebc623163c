"""Plain-text articles: title line, paragraphs, `- ` list items and pipe tables."""

from __future__ import annotations

import re

from copydesk.document import Block, BlockKind, Document, find_directives, table_text
from copydesk.formats.pipe_tables import has_unescaped_pipe, is_delimiter_row, split_row

_LIST_ITEM = re.compile(r"^([ \t]*)([-*+•]|\d{1,3}[.)])[ \t]+(?=\S)")
_DIRECTIVE_LINE = re.compile(r"^[ \t]*copydesk:[ \t]*(disable|enable)")
_SENTENCE_END = tuple(".!?:;\"”’')]…")
#: A run of lines longer than this is not hard-wrapped prose.
_WRAP_WIDTH = 120
#: Nobody wraps prose narrower than this.
_MIN_WRAP_WIDTH = 30
#: A first line with fewer words than this and no full stop reads as a headline.
_HEADLINE_MAX_WORDS = 25


def parse_text(document: Document) -> None:
    lines = document.lines
    document.directives = find_directives(document.source, "text")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if _is_blank(lines[index]):
            index += 1
            continue
        chunk_end = index
        while chunk_end < len(lines) and not _is_blank(lines[chunk_end]):
            chunk_end += 1
        blocks.extend(_chunk_blocks(lines, index, chunk_end))
        index = chunk_end
    if blocks:
        first = blocks[0]
        if first.kind is BlockKind.PARAGRAPH and first.line == first.end_line:
            document.title = first.text.strip()
            if _reads_as_headline(first.text):
                first.kind = BlockKind.HEADING
                first.level = 1
    document.blocks = blocks


def _is_blank(line: str) -> bool:
    return not line.strip() or bool(_DIRECTIVE_LINE.match(line))


def _reads_as_headline(text: str) -> bool:
    stripped = text.strip()
    return len(stripped.split()) < _HEADLINE_MAX_WORDS and not stripped.endswith((".", "!", "?"))


def _chunk_blocks(lines: list[str], start: int, end: int) -> list[Block]:
    """Blocks of one run of non-blank lines (0-based line indexes, end exclusive)."""
    blocks: list[Block] = []
    prose: list[int] = []
    index = start
    while index < end:
        table_end = _table_end(lines, index, end)
        if table_end > index:
            blocks.extend(_prose_blocks(lines, prose))
            prose = []
            blocks.append(_table_block(lines, index, table_end))
            index = table_end
            continue
        marker = _LIST_ITEM.match(lines[index])
        if marker:
            blocks.extend(_prose_blocks(lines, prose))
            prose = []
            item_end = index + 1
            indent = len(marker.group(1))
            while (
                item_end < end
                and _indent(lines[item_end]) > indent
                and not _LIST_ITEM.match(lines[item_end])
                and _table_end(lines, item_end, end) == item_end
            ):
                item_end += 1
            blocks.append(_list_item_block(lines, index, item_end, marker))
            index = item_end
            continue
        prose.append(index)
        index += 1
    blocks.extend(_prose_blocks(lines, prose))
    return blocks


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _table_end(lines: list[str], index: int, end: int) -> int:
    """End (exclusive) of a pipe table starting at `index`, or `index` when none starts there.

    A table is a row with a pipe followed by a delimiter row (`|---|---|`), or a run of rows
    that start with a pipe, as machine-written text pastes them without blank lines around.
    """
    line = lines[index]
    bordered = line.lstrip().startswith("|")
    if index + 1 < end and has_unescaped_pipe(line) and is_delimiter_row(lines[index + 1]):
        stop = index + 2
        while stop < end and has_unescaped_pipe(lines[stop]):
            stop += 1
        return stop
    if bordered and line.rstrip().endswith("|") and len(line.strip()) > 1:
        stop = index + 1
        while stop < end and lines[stop].lstrip().startswith("|"):
            stop += 1
        return stop
    return index


def _table_block(lines: list[str], start: int, end: int) -> Block:
    rows = []
    has_header = end - start > 1 and is_delimiter_row(lines[start + 1])
    for index in range(start, end):
        if has_header and index == start + 1:
            continue
        rows.append(split_row(lines[index], index + 1, is_header=has_header and index == start))
    return Block(
        BlockKind.TABLE,
        table_text(tuple(rows)),
        line=start + 1,
        end_line=end,
        column=_indent(lines[start]) + 1,
        end_column=len(lines[end - 1]) + 1,
        rows=tuple(rows),
    )


def _list_item_block(lines: list[str], start: int, end: int, marker: re.Match[str]) -> Block:
    first = lines[start][marker.end() :]
    rest = [line.strip() for line in lines[start + 1 : end]]
    return Block(
        BlockKind.LIST_ITEM,
        "\n".join([first.rstrip(), *rest]),
        line=start + 1,
        end_line=end,
        column=len(marker.group(1)) + 1,
        end_column=len(lines[end - 1]) + 1,
        level=1,
    )


def _prose_blocks(lines: list[str], indexes: list[int]) -> list[Block]:
    """Paragraphs of consecutive prose lines: one paragraph when the lines are hard-wrapped,
    one paragraph per line when each line is a paragraph of its own."""
    if not indexes:
        return []
    wrapped = _hard_wrapped([lines[i] for i in indexes])
    groups = [indexes] if wrapped else [[i] for i in indexes]
    blocks = []
    for group in groups:
        first, last = group[0], group[-1]
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                "\n".join(lines[i].strip() for i in group),
                line=first + 1,
                end_line=last + 1,
                column=_indent(lines[first]) + 1,
                end_column=len(lines[last]) + 1,
            )
        )
    return blocks


def _hard_wrapped(run: list[str]) -> bool:
    """Hard-wrapped prose fills every line but the last to about the same width, and most of
    those lines stop mid-sentence; a headline above a paragraph does neither."""
    if len(run) < 2:
        return True
    widths = [len(line.rstrip()) for line in run]
    inner = [line.rstrip() for line in run[:-1]]
    if max(widths) > _WRAP_WIDTH or min(widths[:-1]) < max(_MIN_WRAP_WIDTH, 0.6 * max(widths)):
        return False
    open_ended = sum(1 for line in inner if not line.endswith(_SENTENCE_END))
    return open_ended * 2 >= len(inner)
