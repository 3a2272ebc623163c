"""The article model: block kinds and line spans for text, Markdown and HTML; decoding."""

from __future__ import annotations

import pytest

from copydesk.document import (
    BlockKind,
    ProblemKind,
    decode_bytes,
    load_document,
    parse_document,
    read_document,
)


def kinds_and_lines(document):
    return [(block.kind.value, block.line, block.end_line) for block in document.blocks]


def cell_texts(row):
    return [cell.text for cell in row.cells]


# -- plain text --------------------------------------------------------------------------------


def test_seed_text_one_paragraph_per_line_with_lists_and_tables(shared):
    document = read_document(shared / "seeds" / "000_912e2efdb077eb74.txt")
    assert document.format == "text"
    assert document.title.startswith("Azerbaijan has indicated it will deploy peacekeeping")
    blocks = {block.line: block for block in document.blocks}
    # The file has no blank lines, so each line is its own block.
    assert blocks[2].kind is BlockKind.PARAGRAPH
    assert blocks[2].text.startswith("Azerbaijan Conditions Peacekeeping Deployment")
    assert [blocks[n].kind for n in (5, 6, 7)] == [BlockKind.LIST_ITEM] * 3
    assert blocks[5].text.startswith("Complete ceasefire enforcement")
    tables = document.tables()
    assert [(t.line, t.end_line) for t in tables] == [(8, 12), (16, 20), (30, 34)]
    assert blocks[36].text.startswith("If you would like, I can also help")
    assert blocks[37].text == "Future Outlook"
    assert max(block.end_line for block in document.blocks) == 38
    assert len(document.lines) == 52  # the trailing blank lines are lines of the file


def test_seed_tables_keep_cells_as_written(shared):
    document = read_document(shared / "seeds" / "000_912e2efdb077eb74.txt")
    first, _, last = document.tables()
    assert first.header is not None
    assert cell_texts(first.header) == ["Aspect", "Azerbaijan’s Position"]
    aspect = first.header.cells[0]
    assert (aspect.line, aspect.column, aspect.end_column) == (8, 3, 9)
    assert [row.line for row in first.body_rows] == [10, 11, 12]  # the delimiter row is skipped
    # `| Recommended Action | ||` is two empty header cells, kept as written.
    assert cell_texts(last.header) == [
        "Factor",
        "Impact on Peacekeeping",
        "Recommended Action",
        "",
        "",
    ]
    duplicated = last.body_rows[-1]
    assert duplicated.line == 34
    assert cell_texts(duplicated)[:4] == [
        "Conflict De-escalation",
        "Reduces flare-ups during deployment",
        "Conflict De-escalation",
        "Reduces flare-ups during deployment",
    ]


def test_bbc_style_text_title_and_blank_line_paragraphs():
    source = (
        "Ad sales boost Time Warner profit\n\n"
        "Quarterly profits at US media giant TimeWarner jumped 76%.\n\n"
        "The firm said sales rose. Its profits were buoyed by one-off gains.\n"
    )
    document = parse_document("a.txt", source, "text")
    assert document.title == "Ad sales boost Time Warner profit"
    assert kinds_and_lines(document) == [
        ("heading", 1, 1),
        ("paragraph", 3, 3),
        ("paragraph", 5, 5),
    ]


def test_hard_wrapped_text_is_one_paragraph_per_blank_line_group():
    source = (
        "Title of the piece\n\n"
        "The council met on Tuesday to discuss the plans for the new\n"
        "library, which have been delayed twice since the spring and\n"
        "are now expected to cost more.\n\n"
        "A second paragraph follows here.\n"
    )
    document = parse_document("a.txt", source, "text")
    assert kinds_and_lines(document) == [
        ("heading", 1, 1),
        ("paragraph", 3, 5),
        ("paragraph", 7, 7),
    ]
    assert document.blocks[1].text.count("\n") == 2


def test_text_list_items_tables_without_blank_lines_and_directive_lines():
    source = (
        "Headline\n"
        "Intro paragraph that ends with a full stop and is long enough to be prose here.\n"
        "* first point\n"
        "- second point\n"
        "  wrapped onto a second line\n"
        "Name | Score\n"
        "--- | ---\n"
        "Ann | 3\n"
        "copydesk: disable-next-line CB001\n"
        "Closing paragraph.\n"
    )
    document = parse_document("a.txt", source, "text")
    assert kinds_and_lines(document) == [
        ("heading", 1, 1),
        ("paragraph", 2, 2),
        ("list_item", 3, 3),
        ("list_item", 4, 5),
        ("table", 6, 8),
        ("paragraph", 10, 10),
    ]
    assert document.blocks[3].text == "second point\nwrapped onto a second line"
    table = document.blocks[4]
    assert cell_texts(table.header) == ["Name", "Score"]
    assert cell_texts(table.body_rows[0]) == ["Ann", "3"]
    assert [(d.action, d.line) for d in document.directives] == [("disable-next-line", 9)]


def test_long_first_line_is_a_paragraph_not_a_heading():
    source = "This opening runs long. It is a paragraph of several sentences, not a headline.\n"
    document = parse_document("a.txt", source, "text")
    assert document.blocks[0].kind is BlockKind.PARAGRAPH
    assert document.title == source.strip()


# -- Markdown ----------------------------------------------------------------------------------

MARKDOWN = """\
---
title: "From front matter"
author: Desk
---
# The headline

Para `rm -rf` with **bold** and [a link](https://example.com).
Second line.

- item one
- item two
  continued
  - nested

> quoted para
> more

| a | b |
|---|---|
| 1 | 2 | 3 |
| 4 |

```python
print("not prose")
```
Last paragraph.
"""


def test_markdown_blocks_and_spans():
    document = parse_document("a.md", MARKDOWN, "markdown")
    assert kinds_and_lines(document) == [
        ("heading", 5, 5),
        ("paragraph", 7, 8),
        ("list_item", 10, 10),
        ("list_item", 11, 12),
        ("list_item", 13, 13),
        ("blockquote", 15, 16),
        ("table", 18, 21),
        ("code", 23, 25),
        ("paragraph", 26, 26),
    ]
    heading, paragraph, *_ = document.blocks
    assert heading.level == 1
    assert paragraph.text == "Para  with bold and a link.\nSecond line."  # inline code dropped
    items = [b for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [item.level for item in items] == [1, 1, 2]
    assert items[1].text == "item two\ncontinued"
    assert document.blocks[5].quoted


def test_markdown_front_matter_is_metadata_and_code_is_not_prose():
    document = parse_document("a.md", MARKDOWN, "markdown")
    assert document.metadata["author"] == "Desk"
    assert document.title == "From front matter"
    prose = " ".join(block.text for block in document.prose_blocks())
    assert "Desk" not in prose and "not prose" not in prose and "rm -rf" not in prose
    assert document.blocks[7].kind is BlockKind.CODE


def test_markdown_table_keeps_extra_and_missing_cells():
    table = parse_document("a.md", MARKDOWN, "markdown").tables()[0]
    assert cell_texts(table.header) == ["a", "b"]
    assert [cell_texts(row) for row in table.body_rows] == [["1", "2", "3"], ["4"]]
    assert [row.line for row in table.rows] == [18, 20, 21]


def test_markdown_title_falls_back_to_first_h1():
    document = parse_document("a.md", "Intro text.\n\n## Sub\n\n# Main title\n", "markdown")
    assert document.title == "Main title"


def test_markdown_locate_maps_text_offsets_through_markup():
    document = parse_document("a.md", "# T\n\nSome **bold claim** here and there.\n", "markdown")
    block = document.blocks[1]
    start = block.text.index("here")
    span = document.locate(block, start, start + 4)
    assert (span.line, span.column, span.end_column) == (3, 21, 25)


# -- HTML --------------------------------------------------------------------------------------

HTML = """\
<!doctype html>
<html><head><title>Page title</title>
<script>var x = "<p>Script text</p>";</script></head>
<body>
<nav><p>Home | News</p></nav>
<article>
  <h1>The headline</h1>
  <p>First paragraph
     over two lines &amp; more.</p>
  <ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>
  <blockquote><p>Quoted words.</p></blockquote>
  <table>
    <thead><tr><th>A</th><th></th></tr></thead>
    <tr><td>1</td><td>2</td><td>3</td></tr>
  </table>
  <pre>code here</pre>
</article>
<footer><p>Copyright line</p></footer>
</body></html>
"""


def test_html_article_blocks_with_source_lines():
    document = parse_document("a.html", HTML, "html")
    assert document.title == "The headline"
    assert kinds_and_lines(document) == [
        ("heading", 7, 7),
        ("paragraph", 8, 9),
        ("list_item", 10, 10),
        ("list_item", 10, 10),
        ("list_item", 10, 10),
        ("blockquote", 11, 11),
        ("table", 12, 15),
        ("code", 16, 16),
    ]
    assert document.blocks[1].text == "First paragraph\nover two lines & more."
    assert [b.level for b in document.blocks if b.kind is BlockKind.LIST_ITEM] == [1, 1, 2]


def test_html_skips_navigation_footer_and_scripts():
    text = " ".join(block.text for block in parse_document("a.html", HTML, "html").blocks)
    for absent in ("Home", "Copyright", "Script text", "Page title"):
        assert absent not in text


def test_html_table_header_and_ragged_rows():
    table = parse_document("a.html", HTML, "html").tables()[0]
    assert cell_texts(table.header) == ["A", ""]
    assert [cell_texts(row) for row in table.body_rows] == [["1", "2", "3"]]
    assert table.body_rows[0].line == 14


def test_html_prefers_article_then_main_then_body():
    main_page = "<body><p>Outside</p><main><p>Inside main</p></main></body>"
    assert [b.text for b in parse_document("a.html", main_page, "html").blocks] == ["Inside main"]
    fragment = "<p>One</p>\n<p>Two</p>\nLoose tail text"
    document = parse_document("a.html", fragment, "html")
    assert kinds_and_lines(document) == [
        ("paragraph", 1, 1),
        ("paragraph", 2, 2),
        ("paragraph", 3, 3),
    ]


def test_html_first_row_of_th_cells_is_a_header():
    source = (
        "<table>\n<tr><th>Team</th><th>Points</th></tr>\n<tr><td>A</td><td>3</td></tr>\n</table>"
    )
    table = parse_document("a.html", source, "html").tables()[0]
    assert cell_texts(table.header) == ["Team", "Points"]
    assert len(table.body_rows) == 1


@pytest.mark.parametrize("source", ["", "   \n\n", "<!-- only a comment -->"])
def test_html_without_content_has_no_blocks(source):
    assert parse_document("a.html", source, "html").blocks == []


# -- decoding and reading ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café ☕\n".encode(), "café ☕\n"),
        (b"\xef\xbb\xbf" + "café\n".encode(), "café\n"),
        ("\ufeffcafé\n".encode("utf-16-le"), "café\n"),
        ("\ufeffcafé\n".encode("utf-16-be"), "café\n"),
        ("café and more text\n".encode("utf-16-le"), "café and more text\n"),
        ("\ufeffcafé\n".encode("utf-32-le"), "café\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "utf32le-bom"],
)
def test_decoding_supported_encodings(data, expected):
    text, problems = decode_bytes(data, "text")
    assert text == expected
    assert problems == []


def test_invalid_utf8_is_read_with_replacement_and_reported_at_first_bad_byte():
    data = b"Line one\nPrice: \xa310 and \x96 dash\n"
    text, problems = decode_bytes(data, "text")
    assert text == "Line one\nPrice: \ufffd10 and \ufffd dash\n"
    [problem] = problems
    assert problem.kind is ProblemKind.UNDECODABLE
    assert (problem.line, problem.column) == (2, 8)
    assert "2 undecodable byte sequences" in problem.message
    assert "0xa3" in problem.message and "Windows-1252" in problem.message


def test_binary_data_is_not_decoded():
    text, problems = decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "markdown")
    assert text is None
    assert [p.kind for p in problems] == [ProblemKind.BINARY]
    document = load_document("image.md", b"\x89PNG\x00\x00", "markdown")
    assert document.unparsed and document.blocks == []


def test_html_declared_charset_is_honoured():
    data = '<meta charset="windows-1252"><p>caf\u00e9 \u2013 bar</p>'.encode("cp1252")
    document = load_document("a.html", data, "html")
    assert document.problems == []
    assert document.blocks[0].text == "café – bar"


def test_unreadable_paths_become_problems(tmp_path):
    missing = read_document(tmp_path / "nope.md")
    assert [p.kind for p in missing.problems] == [ProblemKind.UNREADABLE]
    assert "No such file" in missing.problems[0].message
    directory = read_document(tmp_path)
    assert [p.kind for p in directory.problems] == [ProblemKind.UNREADABLE]


def test_crlf_positions_count_lines_and_columns_like_an_editor():
    document = parse_document("a.txt", "Title\r\n\r\nFirst para.\r\nSecond para here.\r\n", "text")
    assert document.lines == ["Title", "", "First para.", "Second para here."]
    block = document.blocks[-1]
    assert (block.line, block.column, block.end_column) == (4, 1, 18)
    start = block.text.index("para")
    span = document.locate(block, start, start + 4)
    assert (span.line, span.column, span.end_line, span.end_column) == (4, 8, 4, 12)


def test_html_loose_text_between_blocks_keeps_its_lines():
    source = (
        "<div>\n  Intro text\n  <b>bold</b> more.\n  <p>Para</p>\n"
        "  <span>after</span>\n  tail text\n</div>"
    )
    document = parse_document("a.html", source, "html")
    assert [(b.text, b.line, b.end_line) for b in document.blocks] == [
        ("Intro text\nbold more.", 2, 3),
        ("Para", 4, 4),
        ("after\ntail text", 5, 6),
    ]
