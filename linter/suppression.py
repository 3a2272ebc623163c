"""Inline suppression: drop findings that `copydesk-disable...` directives switch off."""

from __future__ import annotations

from collections.abc import Iterable

from copydesk.document import Directive, Document
from copydesk.rule import Finding


def _matches(codes: frozenset[str], code: str) -> bool:
    """An empty code set means every rule; otherwise a code or a code prefix must match."""
    return not codes or any(code.startswith(prefix) for prefix in codes)


def _next_content_line(document: Document, directive: Directive) -> int:
    """The line a disable-next-line directive refers to: the next non-blank line after it."""
    line = directive.end_line + 1
    while line <= len(document.lines) and not document.lines[line - 1].strip():
        line += 1
    return line


class Suppressions:
    """The directives of one document, turned into questions about (code, line)."""

    def __init__(self, document: Document):
        self.file_codes: list[frozenset[str]] = []
        self.line_codes: dict[int, list[frozenset[str]]] = {}
        # (first line, last line or None while still open, codes)
        self.regions: list[tuple[int, int | None, frozenset[str]]] = []
        for directive in sorted(document.directives, key=lambda d: d.line):
            self._add(document, directive)

    def _add(self, document: Document, directive: Directive) -> None:
        action, codes = directive.action, directive.codes
        if action == "disable-file":
            self.file_codes.append(codes)
        elif action == "disable-next-line":
            self.line_codes.setdefault(_next_content_line(document, directive), []).append(codes)
        elif action == "disable-line":
            self.line_codes.setdefault(directive.line, []).append(codes)
        elif action == "disable":
            self.regions.append((directive.line, None, codes))
        elif action == "enable":
            self._close_regions(directive.line, codes)

    def _close_regions(self, line: int, codes: frozenset[str]) -> None:
        """`enable` with no codes closes every open region; with codes, only regions whose
        codes it names (the rest of a multi-code region stays disabled)."""
        closed = []
        for index, (start, end, region_codes) in enumerate(self.regions):
            if end is not None:
                continue
            if not codes or (region_codes and region_codes <= codes):
                closed.append((index, (start, line, region_codes)))
            elif region_codes & codes:
                closed.append((index, (start, line, region_codes)))
                self.regions.append((line, None, region_codes - codes))
        for index, region in closed:
            self.regions[index] = region

    def suppresses(self, finding: Finding) -> bool:
        code, line = finding.code, finding.line
        if any(_matches(codes, code) for codes in self.file_codes):
            return True
        if any(_matches(codes, code) for codes in self.line_codes.get(line, ())):
            return True
        return any(
            start <= line and (end is None or line <= end) and _matches(codes, code)
            for start, end, codes in self.regions
        )


def apply_suppressions(document: Document, findings: Iterable[Finding]) -> list[Finding]:
    if not document.directives:
        return list(findings)
    suppressions = Suppressions(document)
    return [finding for finding in findings if not suppressions.suppresses(finding)]
