"""Versioned phrase catalogues (TOML data files beside the rules) and their compiled patterns."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load_catalog(name: str) -> dict[str, Any]:
    """The parsed catalogue `data/<name>.toml`. Catalogues are read-only data, so one parse
    per process is shared by every rule instance."""
    text = files("copydesk.rules").joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Compile case-insensitively; an apostrophe in a pattern also matches the typographic ’
    that most published text uses."""
    return tuple(re.compile(pattern.replace("'", "['’]"), re.IGNORECASE) for pattern in patterns)
