"""Loading and shape-checking tests/fixtures/rules/*.yml (format: top of test_rule_fixtures)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "rules"
FORMATS = ("text", "markdown", "html")
#: Where the article comes from; a case names exactly one.
SOURCES = ("input", "input_bytes", "input_file", "input_path")
DISK_STATES = ("missing", "directory", "dangling-symlink", "unmatched-glob")
FINDING_KEYS = ("line", "column", "end_line", "end_column", "severity", "message")
CASE_KEYS = frozenset(
    {"name", "description", "format", "path", "encoding", "config", "findings", "pass", "xfail"}
    | set(SOURCES)
)
CASE_NAME = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class RuleCase:
    """One named case of one rule's fixture file."""

    code: str
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.spec.get("name", "<unnamed>"))

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"

    @property
    def passes(self) -> bool:
        return self.spec.get("pass") is True

    @property
    def expected(self) -> list[dict[str, Any]]:
        return list(self.spec.get("findings") or [])


def fixture_files() -> list[Path]:
    return sorted(FIXTURE_DIR.glob("*.yml"))


def load_fixture(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def fixture_cases(path: Path) -> list[RuleCase]:
    fixture = load_fixture(path)
    code = str(fixture.get("rule", path.stem))
    return [RuleCase(code, spec) for spec in fixture.get("cases") or []]


def all_cases() -> list[RuleCase]:
    return [case for path in fixture_files() for case in fixture_cases(path)]


def case_problems(spec: Any) -> list[str]:
    """What is wrong with the shape of one case (empty when it is well formed)."""
    if not isinstance(spec, dict):
        return [f"a case must be a mapping, not {type(spec).__name__}"]
    problems = [f"unknown key {key!r}" for key in spec if key not in CASE_KEYS]
    if not CASE_NAME.match(str(spec.get("name", ""))):
        problems.append("name must be lower_snake_case")
    sources = [key for key in SOURCES if key in spec]
    if len(sources) != 1:
        problems.append(f"needs exactly one of {', '.join(SOURCES)}; has {sources or 'none'}")
    if spec.get("format", "text") not in FORMATS:
        problems.append(f"format must be one of {', '.join(FORMATS)}")
    if "input_path" in spec and spec["input_path"] not in DISK_STATES:
        problems.append(f"input_path must be one of {', '.join(DISK_STATES)}")
    if "encoding" in spec and "input" not in spec:
        problems.append("encoding applies to input only")
    if not isinstance(spec.get("config", {}), dict):
        problems.append("config must be a mapping of option: value")
    has_findings = bool(spec.get("findings"))
    if has_findings == (spec.get("pass") is True):
        problems.append("needs either a non-empty findings list or pass: true, not both")
    for finding in spec.get("findings") or []:
        if not isinstance(finding, dict) or not {"line", "column"} <= finding.keys():
            problems.append(f"finding {finding!r} needs at least line and column")
        elif unknown := finding.keys() - set(FINDING_KEYS):
            problems.append(f"finding {finding!r} has unknown keys {sorted(unknown)}")
        elif not isinstance(finding.get("message", ""), str):
            problems.append(f"finding {finding!r}: quote the message, YAML read it as a number")
    return problems
