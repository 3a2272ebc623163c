"""Problems with the file itself, found while reading it: unreadable, binary, undecodable."""

from __future__ import annotations

from collections.abc import Iterator

from copydesk.document import Document, ProblemKind, Span
from copydesk.rule import Finding, Rule, Severity


class _InputProblemRule(Rule):
    """Reports the reader's problems of one kind; the reader did the detecting."""

    problem: ProblemKind
    severity = Severity.ERROR
    reads_raw_input = True

    def check(self, document: Document) -> Iterator[Finding]:
        for problem in document.problems:
            if problem.kind is self.problem:
                span = Span(problem.line, problem.column, problem.line, problem.column)
                yield self.finding(document, span, problem.message)


class UnreadableFile(_InputProblemRule):
    """The file could not be read (missing, a directory, no permission).

    A publication gate that skips what it cannot read would pass an article nobody checked,
    so an unreadable path is an error finding, never a silent skip.

    Bad: `copydesk check drafts/missing.md` where the file does not exist.

    Good: every path given to copydesk names a readable file or directory.
    """

    code = "IN001"
    name = "input.unreadable"
    problem = ProblemKind.UNREADABLE


class BinaryFile(_InputProblemRule):
    """The file is binary (it contains NUL bytes), not an article.

    A PDF or image saved with an article's extension cannot be linted; copydesk says so
    instead of reporting nonsense about its bytes.

    Bad: `story.md` that is really a Word document or a PNG.

    Good: articles stored as Markdown, HTML or plain text.
    """

    code = "IN002"
    name = "input.binary"
    problem = ProblemKind.BINARY


class UndecodableText(_InputProblemRule):
    """The file is not valid in its encoding; bad bytes were read as U+FFFD.

    An article in Windows-1252 or with corrupted bytes shows as garbage on the web. copydesk
    reads UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, and the charset an HTML
    page declares; anything else is reported with the position of the first bad byte.

    Bad: `caf\\xe9` (Latin-1 bytes) in a file read as UTF-8.

    Good: `café` saved as UTF-8.
    """

    code = "IN003"
    name = "input.undecodable"
    problem = ProblemKind.UNDECODABLE


RULES = (UnreadableFile, BinaryFile, UndecodableText)
