"""Parsers that turn decoded Markdown, HTML or plain text into a Document's blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copydesk.document import Document


def parse(document: Document) -> None:
    """Fill `document` (title, blocks, metadata, directives) from its source, by format."""
    if document.format == "markdown":
        from copydesk.formats.markdown import parse_markdown as parser
    elif document.format == "html":
        from copydesk.formats.html import parse_html as parser
    else:
        from copydesk.formats.text import parse_text as parser
    parser(document)
