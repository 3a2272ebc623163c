"""The human-readable report: one `path:line:col: CODE [severity] message` line per finding,
then run errors, an optional per-rule table and a one-line summary."""

from __future__ import annotations

import re

import click

from copydesk.result import CheckResult
from copydesk.rule import Finding, Severity

_SEVERITY_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}

# Article text quoted in a message may carry line breaks or terminal escapes; shown raw they
# would split a finding over several lines or recolour the user's terminal.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def printable(value: str) -> str:
    """`value` with control characters (tab excepted) shown as backslash escapes."""
    return _CONTROL_CHARACTERS.sub(
        lambda match: _NAMED_ESCAPES.get(match.group(), f"\\x{ord(match.group()):02x}"), value
    )


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`, `0 files`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def finding_line(finding: Finding, *, color: bool = False) -> str:
    """One finding as `path:line:col: CODE [severity] message`, always a single line."""
    path = printable(finding.path)
    code = finding.code
    if color:
        path = click.style(path, bold=True)
        code = click.style(code, fg=_SEVERITY_COLORS[finding.severity])
    location = f"{path}:{finding.line}:{finding.column}"
    return f"{location}: {code} [{finding.severity}] {printable(finding.message)}"


def summary_line(result: CheckResult) -> str:
    """`Found 3 findings (1 error, 2 warnings, 0 info) in 2 of 5 files.` or `No findings ...`."""
    files = plural(result.files, "file")
    if not result.findings:
        summary = f"No findings in {files}."
    else:
        counts = result.counts_by_severity()
        by_severity = ", ".join(
            [
                plural(counts[Severity.ERROR], "error"),
                plural(counts[Severity.WARNING], "warning"),
                f"{counts[Severity.INFO]} info",  # "info" has no plural
            ]
        )
        found = plural(len(result.findings), "finding")
        summary = f"Found {found} ({by_severity}) in {result.files_with_findings()} of {files}."
    if result.errors:
        # Without this, "No findings" would read as a clean bill after a rule crashed.
        summary += f" {plural(len(result.errors), 'run error')}."
    return summary


def statistics_table(result: CheckResult) -> list[str]:
    """Count, code and name of every rule with a finding, most frequent first, in columns."""
    rows = result.statistics()
    if not rows:
        return []
    count_width = max(len(str(count)) for _, _, count in rows)
    code_width = max(len(code) for code, _, _ in rows)
    return [f"{count:>{count_width}}  {code:<{code_width}}  {name}" for code, name, count in rows]


def render(
    result: CheckResult, *, color: bool = False, statistics: bool = False, quiet: bool = False
) -> str:
    """The text report; `quiet` drops the summary but never findings, errors or statistics."""
    lines = [finding_line(finding, color=color) for finding in result.findings]
    error_label = click.style("error", fg="red", bold=True) if color else "error"
    lines.extend(f"{error_label}: {printable(str(error))}" for error in result.errors)
    if statistics:
        lines.extend(statistics_table(result))
    if not quiet:
        lines.append(summary_line(result))
    return "".join(f"{line}\n" for line in lines)
