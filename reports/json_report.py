"""The JSON report, a contract for scripts: `version`, `files`, `findings`, `errors` and, when
asked, `statistics`. Renaming a field here breaks users."""

from __future__ import annotations

import json
from typing import Any

from copydesk.result import CheckResult


def render(
    result: CheckResult, *, color: bool = False, statistics: bool = False, quiet: bool = False
) -> str:
    """The JSON document; `color` and `quiet` do not apply."""
    document: dict[str, Any] = {
        "version": result.version,
        "files": result.files,
        "findings": [finding.as_dict() for finding in result.findings],
        "errors": [error.as_dict() for error in result.errors],
    }
    if statistics:
        document["statistics"] = [
            {"code": code, "name": name, "count": count}
            for code, name, count in result.statistics()
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
