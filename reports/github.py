"""GitHub Actions workflow commands (`::error file=...::message`), which the runner turns into
annotations on the pull request's diff."""

from __future__ import annotations

from copydesk.result import CheckResult
from copydesk.rule import Finding, Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape the message part of a command, as the runner unescapes it."""
    # "%" first, or the "%" of every later escape would be escaped again.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value, where ":" and "," would otherwise end the value early."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One finding as a workflow command."""
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(finding.end_line),
        # Exclusive, as in our findings; the runner does not say, and ruff passes the same.
        "endColumn": str(finding.end_column),
        "title": f"{finding.code} ({finding.name})",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def render(
    result: CheckResult, *, color: bool = False, statistics: bool = False, quiet: bool = False
) -> str:
    """One command per finding, then one `::error::` per run error; no flag applies."""
    lines = [annotation(finding) for finding in result.findings]
    lines.extend(f"::error::{escape_data(str(error))}" for error in result.errors)
    return "".join(f"{line}\n" for line in lines)
