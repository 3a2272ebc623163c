"""Chatbot leftovers: the assistant talking to its user, left in the published text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from copydesk.document import Block, Document
from copydesk.rule import Edit, Finding, Fix, Rule, Severity
from copydesk.rules.catalog import compile_patterns, load_catalog
from copydesk.rules.prose import excerpt, inside_quotation, sentence_bounds


class OfferOfHelp(Rule):
    """A chatbot's offer of further help was left in the article.

    Assistants close a reply by offering more work to the person who asked for it. Published,
    that offer tells every reader the article was machine-written and nobody read it before
    it went out. The rule matches the construction (the writer as "I", the reader as "you",
    an offer or a question about further work) from a versioned catalogue, not a fixed list
    of sentences. The same words inside a quotation or a blockquote are reported speech, for
    example in an article about chatbots, and are reported at `quoted-severity`.

    Bad:
        Peace process momentum is at risk if the ceasefire fails.
        If you would like, I can also help with styling improvements or further content additions!

    Good:
        Peace process momentum is at risk if the ceasefire fails.
        "Let me know if you'd like me to continue," the chatbot replied, and the tester did.

    Options:
        extend-patterns: further regular expressions (case-insensitive) that mark an offer.
        quoted-severity: severity for a match inside reported speech (error, warning, info).
    """

    code = "CB001"
    name = "chatbot.offer-of-help"
    severity = Severity.ERROR
    options = {"extend-patterns": [], "quoted-severity": "info"}

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> None:
        for pattern in settings["extend-patterns"]:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"extend-patterns: {pattern!r} is not a valid regex: {error}"
                ) from None
        try:
            Severity.parse(settings["quoted-severity"])
        except ValueError as error:
            raise ValueError(f"quoted-severity: {error}") from None

    def __init__(self, settings: dict[str, Any] | None = None, severity: Severity | None = None):
        super().__init__(settings, severity)
        catalog = load_catalog("chatbot")
        self.patterns = compile_patterns(
            (*(entry["pattern"] for entry in catalog["offer"]), *self.settings["extend-patterns"])
        )
        self.quoted_severity = Severity.parse(self.settings["quoted-severity"])

    def check(self, document: Document) -> Iterator[Finding]:
        for block in document.prose_blocks():
            reported = set()
            for pattern in self.patterns:
                for match in pattern.finditer(block.text):
                    start, end = sentence_bounds(block.text, match.start(), match.end())
                    if start in reported:
                        continue
                    reported.add(start)
                    yield self._offer(document, block, start, end, match.start())

    def _offer(self, document: Document, block: Block, start: int, end: int, at: int) -> Finding:
        sentence = block.text[start:end]
        in_quotation = block.quoted or inside_quotation(block.text, at)
        message = f"chatbot offer of further help left in the text: “{excerpt(sentence)}”"
        if in_quotation:
            message += " (inside a quotation: reported speech?)"
        fix = None
        if not in_quotation and block.text.strip() == sentence.strip():
            fix = Fix(
                "delete the paragraph",
                (Edit(block.line, 1, block.end_line + 1, 1, ""),),
            )
        return self.finding(
            document,
            document.locate(block, start, end),
            message,
            severity=self.quoted_severity if in_quotation else None,
            fix=fix,
        )


RULES = (OfferOfHelp,)
