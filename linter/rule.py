"""The rule contract: Severity, Finding, Fix, and the Rule base class every rule subclasses."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from copydesk.document import Document, Span

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")


class Severity(IntEnum):
    """How bad a finding is; ordered so that `finding.severity >= fail_on` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            choices = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {choices})") from None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two 1-based positions (end exclusive) with `content`."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A repair a rule proposes. Safe fixes never change meaning; unsafe ones might."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"

    def __post_init__(self) -> None:
        if self.applicability not in ("safe", "unsafe"):
            raise ValueError(
                f"fix applicability must be 'safe' or 'unsafe', not {self.applicability!r}"
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability,
            "message": self.message,
            "edits": [edit.as_dict() for edit in self.edits],
        }


@dataclass(frozen=True, slots=True, order=False)
class Finding:
    """One defect at one place in one file. Lines and columns are 1-based; columns count
    Unicode code points; the end position is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "fix": self.fix.as_dict() if self.fix else None,
        }


OptionValue = bool | int | float | str | list[str]


class Rule:
    """Base class of every rule.

    Subclasses set `code`, `name`, `severity` and `options` (name -> default value), write a
    docstring whose first line is the summary and whose body shows a bad and a good example,
    and implement `check`. A rule never reads files, prints, or keeps state between documents.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    enabled_by_default: ClassVar[bool] = True
    options: ClassVar[dict[str, OptionValue]] = {}
    #: Formats the rule applies to; an empty set means every format.
    formats: ClassVar[frozenset[str]] = frozenset()
    #: Input rules report on the file itself and also run on binary or unreadable files.
    reads_raw_input: ClassVar[bool] = False

    def __init__(self, settings: dict[str, Any] | None = None, severity: Severity | None = None):
        self.settings: dict[str, Any] = {**self.options, **(settings or {})}
        self.effective_severity = severity or self.severity

    # -- documentation -----------------------------------------------------------------------

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n", 1)[0].strip()

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> None:
        """Check configured option values beyond their type; raise ValueError("option: why").

        Called once per run before any file is read, so a bad regular expression in a phrase
        list stops the run with a configuration error instead of failing on every file."""

    # -- checking ------------------------------------------------------------------------------

    def applies_to(self, document: Document) -> bool:
        return not self.formats or document.format in self.formats

    def check(self, document: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        document: Document,
        span: Span,
        message: str,
        *,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """Build a Finding for this rule at `span` of `document`."""
        return Finding(
            path=document.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            code=self.code,
            name=self.name,
            severity=severity or self.effective_severity,
            message=message,
            fix=fix,
        )


@dataclass
class RuleInfo:
    """What reports need to know about a rule, without instantiating it."""

    code: str
    name: str
    severity: Severity
    enabled_by_default: bool
    summary: str
    documentation: str
    options: dict[str, OptionValue] = field(default_factory=dict)

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleInfo:
        return cls(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            enabled_by_default=rule.enabled_by_default,
            summary=rule.summary(),
            documentation=rule.documentation(),
            options=dict(rule.options),
        )
