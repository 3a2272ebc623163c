"""Tests of inline suppression directives in Markdown, HTML and plain text, via engine and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.document import parse_document
from copydesk.engine import lint_document
from copydesk.rules.chatbot import OfferOfHelp
from copydesk.rules.structure import TrailingBlankLines

OFFER = "If you would like, I can also help with styling improvements!"
SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}
BLANK_TAIL = 5


def source(lines: list[str], format: str, newline: str = "\n") -> str:
    """The article `lines` (Markdown-ish: `# ` heading, comments, prose) in `format`, one
    source line per list item, followed by BLANK_TAIL blank lines (an ST001 finding)."""
    if format == "html":
        lines = [_html_line(line) for line in lines]
    return newline.join(lines) + newline * (1 + BLANK_TAIL)


def _html_line(line: str) -> str:
    if not line or line.startswith("<!--"):
        return line
    if line.startswith("# "):
        return f"<h1>{line[2:]}</h1>"
    text, comment, rest = line.partition(" <!--")
    return f"<p>{text}</p>" + (comment + rest if comment else "")


def lint(text: str, format: str) -> list[tuple[str, int]]:
    """(code, line) of CB001 and ST001 findings left after suppression."""
    document = parse_document(f"story.{SUFFIX[format]}", text, format)
    findings, errors = lint_document(document, [OfferOfHelp(), TrailingBlankLines()])
    assert errors == []
    return [(finding.code, finding.line) for finding in findings]


BOTH = pytest.mark.parametrize("format", ["markdown", "html"])


@pytest.mark.parametrize("format", ["markdown", "html", "text"])
def test_without_directives_every_offer_and_the_blank_tail_are_reported(format: str) -> None:
    lines = ["# Talks resume", "", OFFER, "", OFFER]
    if format == "text":
        lines[0] = "Talks resume"
    assert lint(source(lines, format), format) == [("CB001", 3), ("CB001", 5), ("ST001", 6)]


# -- comment directives, Markdown and HTML -----------------------------------------------------


@BOTH
def test_region_disable_then_enable(format: str) -> None:
    lines = [
        "# Talks resume",
        "",
        "<!-- copydesk-disable CB001 -->",
        "",
        OFFER,
        "",
        "<!-- copydesk-enable -->",
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == [("CB001", 9), ("ST001", 10)]


@BOTH
@pytest.mark.parametrize("codes", ["CB001,ST001", "CB001, ST001", "cb001 st001"])
def test_region_with_several_codes_runs_to_the_end_of_the_file(format: str, codes: str) -> None:
    lines = ["# Talks resume", "", OFFER, "", f"<!-- copydesk-disable {codes} -->", "", OFFER]
    assert lint(source(lines, format), format) == [("CB001", 3)]


@BOTH
def test_region_for_another_code_keeps_the_offer(format: str) -> None:
    lines = ["# Talks resume", "", "<!-- copydesk-disable ST001 -->", "", OFFER]
    assert lint(source(lines, format), format) == [("CB001", 5)]


@BOTH
def test_disable_without_codes_disables_every_rule(format: str) -> None:
    lines = [
        "# Talks resume",
        "",
        OFFER,
        "",
        "<!-- copydesk-disable -->",
        "",
        OFFER,
        "",
        "<!-- copydesk-enable -->",
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == [("CB001", 3), ("CB001", 11), ("ST001", 12)]
    region_to_the_end = lines[:7]
    assert lint(source(region_to_the_end, format), format) == [("CB001", 3)]


@BOTH
def test_code_prefix_disables_the_family_only(format: str) -> None:
    lines = ["# Talks resume", "", "<!-- copydesk-disable CB -->", "", OFFER, "", OFFER]
    assert lint(source(lines, format), format) == [("ST001", 8)]


@BOTH
@pytest.mark.parametrize(
    ("disable", "enable", "expected"),
    [
        # enable with a code closes only that part of a multi-code region
        ("CB001,ST001", "CB001", [("CB001", 9)]),
        # enable with a code inside a disable-everything region: every other rule stays off
        ("", "CB001", [("CB001", 9)]),
        # enable by prefix closes a region of a code it covers
        ("CB001", "CB", [("CB001", 9), ("ST001", 10)]),
    ],
    ids=["part-of-multi-code-region", "one-code-out-of-everything", "prefix-covers-code"],
)
def test_enable_after_disable(
    format: str, disable: str, enable: str, expected: list[tuple[str, int]]
) -> None:
    lines = [
        "# Talks resume",
        "",
        f"<!-- copydesk-disable {disable} -->".replace("  ", " "),
        "",
        OFFER,
        "",
        f"<!-- copydesk-enable {enable} -->",
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == expected


@BOTH
def test_disable_next_line(format: str) -> None:
    lines = [
        "# Talks resume",
        "",
        "<!-- copydesk-disable-next-line CB001 -->",
        OFFER,
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == [("CB001", 6), ("ST001", 7)]


@BOTH
def test_disable_next_line_skips_blank_lines(format: str) -> None:
    lines = [
        "# Talks resume",
        "",
        "<!-- copydesk-disable-next-line CB001 -->",
        "",
        "",
        OFFER,
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == [("CB001", 8), ("ST001", 9)]


@BOTH
def test_disable_next_line_for_another_code_keeps_the_offer(format: str) -> None:
    lines = ["# Talks resume", "", "<!-- copydesk-disable-next-line ST001 -->", OFFER, "", OFFER]
    assert lint(source(lines, format), format) == [("CB001", 4), ("CB001", 6), ("ST001", 7)]


@BOTH
def test_disable_line(format: str) -> None:
    lines = [
        "# Talks resume",
        "",
        f"{OFFER} <!-- copydesk-disable-line CB001 -->",
        "",
        OFFER,
    ]
    assert lint(source(lines, format), format) == [("CB001", 5), ("ST001", 6)]


@BOTH
def test_disable_file_disables_every_rule_wherever_it_stands(format: str) -> None:
    lines = ["# Talks resume", "", OFFER, "", "<!-- copydesk-disable-file -->", "", OFFER]
    assert lint(source(lines, format), format) == []


@BOTH
@pytest.mark.parametrize(
    ("codes", "expected"),
    [("ST001", [("CB001", 5), ("CB001", 7)]), ("CB001", [("ST001", 8)]), ("CB", [("ST001", 8)])],
)
def test_disable_file_with_codes(format: str, codes: str, expected: list) -> None:
    lines = ["# Talks resume", "", f"<!-- copydesk-disable-file {codes} -->", "", OFFER, "", OFFER]
    assert lint(source(lines, format), format) == expected


@pytest.mark.parametrize(
    "code_block",
    [
        ["```html", "<!-- copydesk-disable-file -->", "```"],
        ["~~~", "<!-- copydesk-disable CB001 -->", "~~~"],
        ["    <!-- copydesk-disable-file -->"],
    ],
    ids=["backticks", "tildes", "indented"],
)
def test_directive_inside_a_markdown_code_block_is_not_honoured(code_block: list[str]) -> None:
    lines = ["# How to silence copydesk", "", *code_block, "", OFFER]
    offer_line = len(lines)
    text = source(lines, "markdown")
    assert lint(text, "markdown") == [("CB001", offer_line), ("ST001", offer_line + 1)]
    assert parse_document("story.md", text, "markdown").directives == []


def test_directive_inside_markdown_inline_code_is_not_honoured() -> None:
    lines = ["# How to silence copydesk", "", "Write `<!-- copydesk-disable-file -->`.", "", OFFER]
    assert lint(source(lines, "markdown"), "markdown") == [("CB001", 5), ("ST001", 6)]


def test_markdown_directive_in_a_multi_line_comment() -> None:
    lines = ["# Talks resume", "", "<!--", "copydesk-disable-next-line CB001", "-->", OFFER]
    lines += ["", OFFER]
    assert lint(source(lines, "markdown"), "markdown") == [("CB001", 8), ("ST001", 9)]


@BOTH
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_comment_directive_with_any_line_ending(format: str, newline: str) -> None:
    lines = ["# Talks resume", "", "<!-- copydesk-disable-next-line CB001 -->", OFFER, "", OFFER]
    assert lint(source(lines, format, newline), format) == [("CB001", 6), ("ST001", 7)]


# -- plain text --------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_text_disable_next_line(newline: str) -> None:
    lines = ["Talks resume", "", "copydesk: disable-next-line CB001", OFFER, "", OFFER]
    text = source(lines, "text", newline)
    assert lint(text, "text") == [("CB001", 6), ("ST001", 7)]


def test_text_directive_line_is_not_a_paragraph() -> None:
    lines = ["Talks resume", "copydesk: disable-next-line CB001", OFFER, "", OFFER]
    document = parse_document("story.txt", source(lines, "text"), "text")
    assert [(block.text, block.line) for block in document.blocks] == [
        ("Talks resume", 1),
        (OFFER, 3),
        (OFFER, 5),
    ]
    assert document.title == "Talks resume"
    assert lint(source(lines, "text"), "text") == [("CB001", 5), ("ST001", 6)]


def test_text_disable_file() -> None:
    lines = ["Talks resume", "", OFFER, "", "copydesk: disable-file"]
    text = source(lines, "text")
    assert lint(text, "text") == []
    assert all("copydesk" not in block.text for block in parse_document("a", text, "text").blocks)


def test_text_disable_file_with_a_code() -> None:
    lines = ["Talks resume", "copydesk: disable-file ST001", "", OFFER]
    assert lint(source(lines, "text"), "text") == [("CB001", 4)]


def test_text_region() -> None:
    lines = ["Talks resume", "", "copydesk: disable CB001", OFFER, "copydesk: enable", OFFER]
    assert lint(source(lines, "text"), "text") == [("CB001", 6), ("ST001", 7)]


def test_comment_directive_is_not_a_directive_in_plain_text() -> None:
    lines = ["Talks resume", "", "<!-- copydesk-disable-file -->", "", OFFER]
    assert lint(source(lines, "text"), "text") == [("CB001", 5), ("ST001", 6)]


# -- through the command line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "directive"),
    [
        ("markdown", "<!-- copydesk-disable-next-line CB001 -->"),
        ("html", "<!-- copydesk-disable-next-line CB001 -->"),
        ("text", "copydesk: disable-next-line CB001"),
    ],
)
def test_cli_honours_directives(
    format: str, directive: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Talks resume" if format == "text" else "# Talks resume"
    lines = [title, "", directive, OFFER, "", OFFER]
    path = tmp_path / f"story.{SUFFIX[format]}"
    path.write_text(source(lines, format), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", path.name])
    assert result.exit_code == 1, result.output
    found = [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("CB001", 6), ("ST001", 7)]
