"""Report writers: a CheckResult as text, JSON, GitHub annotations, SARIF or JUnit XML, one
module per format, each with the same `render(result, *, color, statistics, quiet)`."""

from __future__ import annotations

from collections.abc import Callable

from copydesk.reports import github, json_report, junit, sarif, text
from copydesk.result import CheckResult

FORMATS = ("text", "json", "github", "sarif", "junit")

_WRITERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(
    format: str,
    result: CheckResult,
    *,
    color: bool = False,
    statistics: bool = False,
    quiet: bool = False,
) -> str:
    """Render `result` in `format` (one of FORMATS); flags a format has no use for are ignored."""
    try:
        writer = _WRITERS[format]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ValueError(f"unknown report format {format!r} (expected one of: {choices})") from None
    return writer(result, color=color, statistics=statistics, quiet=quiet)
