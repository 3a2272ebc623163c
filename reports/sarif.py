"""SARIF 2.1.0, the static-analysis format code-scanning services read: one run whose driver
lists the rules, with one result per finding and one notification per run error."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from copydesk.result import CheckResult, RunError
from copydesk.rule import Edit, Finding, Fix, RuleInfo, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI: relative paths stay relative, absolute ones become file:// URIs."""
    if path == "-":
        return "stdin"
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    # quote() also encodes ":", so "a:b.md" cannot be mistaken for a URI with scheme "a".
    return quote(pure.as_posix(), safe="/")


def _location(path: str) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    # SARIF regions, like ours, are 1-based with an exclusive end column.
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _descriptor(info: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": info.code, "name": info.name}
    # multiformatMessageString requires text, so an undocumented rule gets no descriptions.
    if info.summary:
        descriptor["shortDescription"] = {"text": info.summary}
    if info.documentation:
        descriptor["fullDescription"] = {"text": info.documentation}
        descriptor["help"] = {"text": info.documentation}
    descriptor["defaultConfiguration"] = {"level": _LEVELS[info.severity]}
    family = info.name.split(".", 1)[0]
    if family:
        descriptor["properties"] = {"tags": [family]}
    return descriptor


def _replacement(edit: Edit) -> dict[str, Any]:
    return {
        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": {"text": edit.content},
    }


def _fix(path: str, fix: Fix) -> dict[str, Any]:
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": artifact_uri(path)},
                "replacements": [_replacement(edit) for edit in fix.edits],
            }
        ],
        # SARIF has no notion of fix safety; consumers that apply fixes should see it.
        "properties": {"applicability": fix.applicability},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location = _location(finding.path)
    location["physicalLocation"]["region"] = _region(
        finding.line, finding.column, finding.end_line, finding.end_column
    )
    sarif_result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    # artifactChanges needs at least one replacement, so a fix without edits is left out.
    if finding.fix and finding.fix.edits:
        sarif_result["fixes"] = [_fix(finding.path, finding.fix)]
    return sarif_result


def _notification(error: RunError) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": error.message}}
    if error.path:
        notification["locations"] = [_location(error.path)]
    if error.code:
        notification["associatedRule"] = {"id": error.code}
    return notification


def render(
    result: CheckResult, *, color: bool = False, statistics: bool = False, quiet: bool = False
) -> str:
    """The SARIF log as indented JSON; no flag applies."""
    descriptors: list[dict[str, Any]] = []
    rule_indexes: dict[str, int] = {}

    def add_descriptor(code: str, descriptor: dict[str, Any]) -> None:
        rule_indexes[code] = len(descriptors)
        descriptors.append(descriptor)

    for info in result.rules:
        if info.code not in rule_indexes:
            add_descriptor(info.code, _descriptor(info))
    results = []
    for finding in result.findings:
        if finding.code not in rule_indexes:
            # A finding from a rule the result does not describe (a plugin, say) still needs a
            # valid ruleIndex; its name is all we know about it.
            add_descriptor(finding.code, {"id": finding.code, "name": finding.name})
        results.append(_result(finding, rule_indexes[finding.code]))

    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "copydesk", "version": result.version, "rules": descriptors}
                },
                "invocations": [
                    {
                        "executionSuccessful": not result.errors,
                        "toolExecutionNotifications": [
                            _notification(error) for error in result.errors
                        ],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
