"""Pipe-table rows split into cells exactly as written (Markdown and plain text share this)."""

from __future__ import annotations

import itertools
import re

from copydesk.document import Cell, TableRow

DELIMITER_ROW = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def is_delimiter_row(line: str) -> bool:
    return "-" in line and bool(DELIMITER_ROW.match(line))


def has_unescaped_pipe(line: str) -> bool:
    return bool(_UNESCAPED_PIPE.search(line))


def split_row(line: str, line_number: int, is_header: bool = False) -> TableRow:
    """Cells of one pipe-table row, with their 1-based columns in `line`.

    Leading blockquote markers and indentation are skipped; a leading and a trailing pipe
    are borders, not empty cells. Every cell between them is kept, so a row with more cells
    than its header, or empty header cells (`| a | |`), stays visible to the rules.
    """
    start = 0
    while start < len(line) and line[start] in " \t>":
        start += 1
    end = len(line.rstrip())
    pipes = [m.start() for m in _UNESCAPED_PIPE.finditer(line, start, end)]
    bounds = [start - 1, *pipes, end]
    if pipes and pipes[0] == start:
        bounds.pop(0)
    if pipes and pipes[-1] == end - 1:
        bounds.pop()
    cells = []
    for left, right in itertools.pairwise(bounds):
        raw = line[left + 1 : right]
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        column = left + 1 + lead + 1
        cells.append(
            Cell(stripped.replace("\\|", "|"), line_number, column, column + len(stripped))
        )
    return TableRow(tuple(cells), line_number, is_header)
