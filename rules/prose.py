"""Text helpers shared by rules: sentence bounds, quotations, short excerpts for messages."""

from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«„", "”»"
_LETTER = re.compile(r"\w")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding text[start:end]."""
    sentence_start = 0
    for match in _SENTENCE_BREAK.finditer(text, 0, start):
        sentence_start = match.end()
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    # From the match's last character, so a match that ends with its own "?" ends there.
    following = _SENTENCE_BREAK.search(text, max(start, end - 1))
    sentence_end = len(text) if following is None else following.end()
    if following is not None and following.group() == "\n":
        sentence_end = following.start()
    return sentence_start, sentence_end


def inside_quotation(text: str, position: int) -> bool:
    """Whether `position` falls inside a quotation (reported speech, not the article's voice).

    Curly double quotes open and close; a straight double quote toggles, unless it follows a
    digit (an inch mark: `55"`); a curly single quote opens only after a space or an opening
    bracket, and ’ closes only when no letter follows, since ’ is mostly an apostrophe.
    """
    double = single = False
    for index in range(min(position, len(text))):
        mark = text[index]
        if mark in _DOUBLE_OPEN:
            double = True
        elif mark in _DOUBLE_CLOSE:
            double = False
        elif mark == '"' and not (index and text[index - 1].isdigit()):
            double = not double
        elif mark == "‘" and (index == 0 or text[index - 1] in " \t\n([—–-"):
            single = True
        elif mark == "’" and single:
            following = text[index + 1 : index + 2]
            single = bool(following and _LETTER.match(following))
    return double or single


def excerpt(text: str, limit: int = 60) -> str:
    """A one-line excerpt for a message, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit] + "…"
