"""Built-in rules, one module per family of defects; phrase catalogues live in data/."""

from __future__ import annotations

from copydesk.rule import Rule
from copydesk.rules import chatbot, inputs, structure

BUILTIN_RULES: tuple[type[Rule], ...] = (*inputs.RULES, *chatbot.RULES, *structure.RULES)
