"""The outcome of a check run: what every report writer renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from copydesk import __version__
from copydesk.rule import Finding, RuleInfo, Severity


@dataclass(frozen=True, slots=True)
class RunError:
    """Something that kept copydesk from checking fully: a rule that crashed on a file, a
    plugin that failed to load. Defects in articles are Findings, never RunErrors."""

    message: str
    path: str | None = None
    code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        rule = f"{self.code}: " if self.code else ""
        return f"{where}{rule}{self.message}"


@dataclass
class CheckResult:
    """Findings (sorted by path, line, column, code), run errors, and the rules that ran."""

    #: Every file checked, in the order given; `-` or the --stdin-filename for stdin.
    paths: list[str]
    findings: list[Finding]
    errors: list[RunError] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)
    fail_on: Severity | None = Severity.WARNING
    version: str = __version__

    @property
    def files(self) -> int:
        return len(self.paths)

    @property
    def failed(self) -> bool:
        """True when a finding is at or above the fail-on severity (never when fail_on is None)."""
        if self.fail_on is None:
            return False
        return any(finding.severity >= self.fail_on for finding in self.findings)

    def counts_by_severity(self) -> dict[Severity, int]:
        counts = Counter(finding.severity for finding in self.findings)
        return {severity: counts.get(severity, 0) for severity in sorted(Severity, reverse=True)}

    def files_with_findings(self) -> int:
        return len({finding.path for finding in self.findings})

    def statistics(self) -> list[tuple[str, str, int]]:
        """(code, name, count) for every rule with a finding, most frequent first."""
        counts = Counter((finding.code, finding.name) for finding in self.findings)
        return [
            (code, name, n)
            for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
