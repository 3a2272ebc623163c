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
        # disable/enable directives in file order; each covers what follows it
        self.switches: list[Directive] = []
        for directive in sorted(document.directives, key=lambda d: d.line):
            action = directive.action
            if action == "disable-file":
                self.file_codes.append(directive.codes)
            elif action == "disable-next-line":
                line = _next_content_line(document, directive)
                self.line_codes.setdefault(line, []).append(directive.codes)
            elif action == "disable-line":
                self.line_codes.setdefault(directive.line, []).append(directive.codes)
            else:
                self.switches.append(directive)

    def _switched_off(self, code: str, line: int) -> bool:
        """Replay the disable/enable directives above `line`: the last one that covers `code`
        decides. So `disable` then `enable CB001` turns only CB001 back on, and `disable CB001`
        then `enable CB` turns it on too."""
        off = False
        for switch in self.switches:
            if switch.line > line:
                break
            if _matches(switch.codes, code):
                off = switch.action == "disable"
        return off

    def suppresses(self, finding: Finding) -> bool:
        code, line = finding.code, finding.line
        if any(_matches(codes, code) for codes in self.file_codes):
            return True
        if any(_matches(codes, code) for codes in self.line_codes.get(line, ())):
            return True
        return self._switched_off(code, line)


def apply_suppressions(document: Document, findings: Iterable[Finding]) -> list[Finding]:
    if not document.directives:
        return list(findings)
    suppressions = Suppressions(document)
    return [finding for finding in findings if not suppressions.suppresses(finding)]
