"""Structure of the article as a file: trailing blank lines."""

from __future__ import annotations

from collections.abc import Iterator

from copydesk.document import Document, Span
from copydesk.rule import Edit, Finding, Fix, Rule, Severity


class TrailingBlankLines(Rule):
    """The article ends with a run of blank lines.

    Generated text is often pasted with the padding the model emitted after its last
    sentence. The blank lines render as empty space, or as empty paragraphs in some CMSs,
    and show the text went from a chat window to the site unedited. One or two are common
    in human files (the BBC corpus has four files with one or two); a longer run is reported.

    Bad (the article is followed by fourteen empty lines):
        As the situation in Gaza remains tense, officials urged restraint.
        ⏎
        ⏎
        ⏎

    Good:
        As the situation in Gaza remains tense, officials urged restraint.

    Options:
        max-blank-lines: how many blank lines may end the file before it is reported.
    """

    code = "ST001"
    name = "structure.trailing-blank-lines"
    severity = Severity.WARNING
    options = {"max-blank-lines": 2}

    def check(self, document: Document) -> Iterator[Finding]:
        lines = document.lines
        first_blank = len(lines)
        while first_blank > 0 and not lines[first_blank - 1].strip():
            first_blank -= 1
        blank = len(lines) - first_blank
        if blank <= self.settings["max-blank-lines"] or first_blank == 0:
            return
        end = document.position(len(document.source))
        fix = Fix("delete the trailing blank lines", (Edit(first_blank + 1, 1, *end, ""),))
        yield self.finding(
            document,
            Span(first_blank + 1, 1, *end),
            f"{blank} blank {'line' if blank == 1 else 'lines'} at the end of the article",
            fix=fix,
        )


RULES = (TrailingBlankLines,)
