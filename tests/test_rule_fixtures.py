"""Runs every case of tests/fixtures/rules/<CODE>.yml through the engine, one test per case."""

# Fixture format
# --------------
# One file per rule, named after its code, holding named cases:
#
#   rule: CB001
#   cases:
#     - name: leftover_offer_at_end      # lower_snake_case; test id CB001-leftover_offer_at_end
#       description: why the case exists  # optional prose
#       format: markdown                  # text | markdown | html (default: text)
#       path: drafts/story.md             # optional; default case.txt / case.md / case.html
#       config: {quoted-severity: warning}  # optional rule options (and `severity`), merged
#                                         # over the defaults and checked as the config file is
#       input: |                          # the article, encoded as UTF-8 ...
#         ...
#       findings:                         # the exact findings of this rule, in any order
#         - {line: 3, column: 1}          # line and column always; end_line, end_column,
#         - {line: 5, column: 9, severity: info, message: "inside a quotation"}
#                                         # severity and message (a substring) when given
#     - name: ordinary_news
#       input: ...
#       pass: true                        # the rule reports nothing
#
# The article comes from exactly one of:
#   input         text; `encoding: utf-16-le` (any Python codec) encodes it otherwise than as
#                 UTF-8, and a "\ufeff" at its start, in a double-quoted string, is the BOM.
#   input_bytes   raw bytes: a string of Python escapes ('caf\xe9\n': write it single-quoted
#                 or as a block scalar, so that YAML leaves the backslashes alone; other
#                 characters stand for their UTF-8 bytes), or base64 as `!!binary`.
#   input_file    a file relative to the repository, or `shared:<path>` under ../shared (the
#                 case is skipped, saying why, when ../shared is missing).
#   input_path    the file on disk is `missing`, a `directory`, a `dangling-symlink`, or the
#                 path is a glob with no match (`unmatched-glob`): the article is read from a
#                 temporary directory through copydesk.engine.discover/load_target, as
#                 `copydesk check` reads it.
#
# Only the fixture's rule runs, through copydesk.engine.lint_document, so inline suppression
# applies. A case may carry `xfail: "<reason>"` for a known rule bug; it is strict, so the
# case fails again once the bug is fixed and the marker has to go.

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from rule_cases import RuleCase, all_cases, case_problems
from shared_paths import REPO, SHARED

from copydesk.config import Config, resolve_rules
from copydesk.document import Document, load_document
from copydesk.engine import Target, discover, lint_document, load_target
from copydesk.registry import load_registry
from copydesk.rule import Finding, Rule

DEFAULT_PATHS = {"text": "case.txt", "markdown": "case.md", "html": "case.html"}


def _params() -> list[Any]:
    params = []
    for case in all_cases():
        marks = []
        if "xfail" in case.spec:
            marks.append(pytest.mark.xfail(reason=str(case.spec["xfail"]), strict=True))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def input_bytes(value: str | bytes) -> bytes:
    """Bytes from `!!binary` (already bytes) or from a string of Python escapes."""
    if isinstance(value, bytes):
        return value
    decoded, _ = codecs.escape_decode(value.encode("utf-8"))
    return decoded


def read_input_file(reference: str) -> bytes:
    if reference.startswith("shared:"):
        path = SHARED / reference.removeprefix("shared:")
        if not SHARED.is_dir():
            pytest.skip(f"../shared is missing (looked for {SHARED}); {reference} not available")
    else:
        path = REPO / reference
    return path.read_bytes()


def read_from_disk(state: str, path: Path, fmt: str) -> Document:
    """The document copydesk reads for a path that exists as `state` describes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if state == "directory":
        path.mkdir()
        # discover() walks a directory instead of reading it, so hand the path over directly.
        return load_target(Target(str(path), fmt))
    if state == "dangling-symlink":
        path.symlink_to(path.parent / "deleted-draft.md")
    targets = discover([str(path)], Config(root=path.parent))
    assert len(targets) == 1, f"expected one target for {path}, got {targets}"
    return load_target(targets[0])


def build_document(case: RuleCase, tmp_path: Path) -> Document:
    spec = case.spec
    fmt = spec.get("format", "text")
    path = spec.get("path", DEFAULT_PATHS[fmt])
    if "input_path" in spec:
        return read_from_disk(spec["input_path"], tmp_path / path, fmt)
    if "input" in spec:
        data = spec["input"].encode(spec.get("encoding", "utf-8"))
    elif "input_bytes" in spec:
        data = input_bytes(spec["input_bytes"])
    else:
        data = read_input_file(spec["input_file"])
    return load_document(path, data, fmt)


def configured_rule(code: str, options: dict[str, Any]) -> tuple[Rule, Config]:
    """The rule `code` alone, with `options` checked and merged as a config file's would be."""
    config = Config(select=[code], rule_settings={code: dict(options)})
    (active,) = resolve_rules(config, load_registry(include_plugins=False))
    return active.instantiate(), config


def observed(finding: Finding) -> dict[str, Any]:
    return {
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "severity": str(finding.severity),
        "message": finding.message,
    }


def matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    for key, value in expected.items():
        if key == "message":
            if str(value) not in actual["message"]:
                return False
        elif actual[key] != value:
            return False
    return True


def unmatched(
    expected: list[dict[str, Any]], actual: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(expected findings nobody matched, findings that match no expectation)."""
    left = sorted(actual, key=lambda f: (f["line"], f["column"], f["end_line"], f["end_column"]))
    missing = []
    for wanted in sorted(expected, key=lambda f: (f["line"], f["column"])):
        hit = next((found for found in left if matches(wanted, found)), None)
        if hit is None:
            missing.append(wanted)
        else:
            left.remove(hit)
    return missing, left


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    problems = case_problems(case.spec)
    assert not problems, f"malformed fixture case {case.id}: {'; '.join(problems)}"
    rule, config = configured_rule(case.code, case.spec.get("config") or {})
    document = build_document(case, tmp_path)
    findings, errors = lint_document(document, [rule], config)
    assert not errors, f"{case.id}: the rule crashed: {errors}"
    actual = [observed(finding) for finding in findings]
    missing, unexpected = unmatched(case.expected, actual)
    assert not missing and not unexpected, (
        f"{case.id}: findings differ\n"
        f"  expected but not reported: {missing}\n"
        f"  reported but not expected: {unexpected}"
    )
