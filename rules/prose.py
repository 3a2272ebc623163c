"""Text helpers shared by rules: sentence bounds, quotations, short excerpts for messages."""

from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_OPENING_QUOTES = "“‘«"
_CLOSING_QUOTES = "”’»"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding text[start:end]."""
    sentence_start = 0
    for match in _SENTENCE_BREAK.finditer(text, 0, start):
        sentence_start = match.end()
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    following = _SENTENCE_BREAK.search(text, end)
    sentence_end = len(text) if following is None else following.end()
    if following is not None and following.group() == "\n":
        sentence_end = following.start()
    return sentence_start, sentence_end


def inside_quotation(text: str, position: int) -> bool:
    """Whether `position` falls inside a quotation: after an unclosed curly opening quote, or
    after an odd number of straight double quotes (reported speech, not the article's voice)."""
    before = text[:position]
    last_open = max(before.rfind(mark) for mark in _OPENING_QUOTES)
    last_close = max(before.rfind(mark) for mark in _CLOSING_QUOTES)
    if last_open > last_close:
        return True
    return before.count('"') % 2 == 1


def excerpt(text: str, limit: int = 60) -> str:
    """A one-line excerpt for a message, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit] + "…"
