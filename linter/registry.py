"""The rules copydesk knows: built-ins plus plugins from the `copydesk.rules` entry-point group."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

from copydesk.rule import CODE_PATTERN, NAME_PATTERN, Rule, RuleInfo, Severity

ENTRY_POINT_GROUP = "copydesk.rules"
OPTION_TYPES = (bool, int, float, str, list)


class RuleDefinitionError(Exception):
    """A rule class that breaks the contract (bad code or name, no docstring, duplicate)."""


class SelectionError(Exception):
    """A select/ignore list names a code or prefix no rule has."""


def validate_rule(rule: object) -> type[Rule]:
    """Check a rule class against the contract, returning it or raising RuleDefinitionError."""
    if not (inspect.isclass(rule) and issubclass(rule, Rule)):
        raise RuleDefinitionError(f"{rule!r} is not a subclass of copydesk.rule.Rule")
    label = f"{rule.__module__}.{rule.__qualname__}"
    code = getattr(rule, "code", None)
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise RuleDefinitionError(f"{label}: code {code!r} is not letters then three digits")
    name = getattr(rule, "name", None)
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise RuleDefinitionError(f"{label}: name {name!r} is not dotted lower-case words")
    if not isinstance(rule.severity, Severity):
        raise RuleDefinitionError(f"{label}: severity must be a copydesk.rule.Severity")
    if not rule.summary():
        raise RuleDefinitionError(f"{label}: no docstring (its first line is the summary)")
    for option, default in rule.options.items():
        if not isinstance(default, OPTION_TYPES):
            raise RuleDefinitionError(f"{label}: option {option!r} has unsupported type")
    if rule.check is Rule.check:
        raise RuleDefinitionError(f"{label}: does not implement check()")
    return rule


@dataclass
class RuleRegistry:
    """Every known rule by code; `warnings` holds plugins that could not be loaded."""

    rules: dict[str, type[Rule]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, rule: type[Rule]) -> None:
        validate_rule(rule)
        if rule.code in self.rules and self.rules[rule.code] is not rule:
            other = self.rules[rule.code]
            raise RuleDefinitionError(
                f"code {rule.code} of {rule.__module__}.{rule.__qualname__} is already taken "
                f"by {other.__module__}.{other.__qualname__}"
            )
        for existing in self.rules.values():
            if existing.name == rule.name and existing is not rule:
                raise RuleDefinitionError(f"rule name {rule.name!r} is used by {existing.code}")
        self.rules[rule.code] = rule

    def get(self, code_or_name: str) -> type[Rule] | None:
        wanted = code_or_name.strip()
        rule = self.rules.get(wanted.upper())
        if rule is not None:
            return rule
        return next((r for r in self.rules.values() if r.name == wanted.lower()), None)

    def sorted(self) -> list[type[Rule]]:
        return [self.rules[code] for code in sorted(self.rules)]

    def infos(self) -> list[RuleInfo]:
        return [RuleInfo.of(rule) for rule in self.sorted()]

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: `ALL`, a code, a code prefix (`CB`, `CB0`) or a rule name."""
        wanted = selector.strip()
        if wanted.upper() == "ALL":
            return self.sorted()
        by_name = [rule for rule in self.sorted() if rule.name == wanted.lower()]
        if by_name:
            return by_name
        return [rule for rule in self.sorted() if rule.code.startswith(wanted.upper())]

    def unknown_selector(self, selectors: Iterable[str]) -> str | None:
        """The first selector that names no rule, so callers can say where it was written."""
        return next((selector for selector in selectors if not self.matching(selector)), None)

    def select(
        self,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> list[type[Rule]]:
        """The rules to run: `select` (default: the rules on by default) plus `extend_select`,
        minus `ignore`. Selecting a rule explicitly turns on a rule that is off by default."""
        if select is None:
            chosen = {rule.code for rule in self.rules.values() if rule.enabled_by_default}
        else:
            chosen = {rule.code for selector in select for rule in self._resolve(selector)}
        chosen |= {rule.code for selector in extend_select for rule in self._resolve(selector)}
        chosen -= {rule.code for selector in ignore for rule in self._resolve(selector)}
        return [self.rules[code] for code in sorted(chosen)]

    def _resolve(self, selector: str) -> list[type[Rule]]:
        rules = self.matching(selector)
        if not rules:
            raise SelectionError(f"unknown rule code or prefix {selector!r}")
        return rules


def load_registry(include_plugins: bool = True) -> RuleRegistry:
    """Built-in rules, then plugins. A plugin that fails to import or breaks the contract is
    recorded in `warnings` and skipped; a broken built-in is a bug and raises."""
    from copydesk.rules import BUILTIN_RULES

    registry = RuleRegistry()
    for rule in BUILTIN_RULES:
        registry.add(rule)
    if include_plugins:
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            _add_plugin(registry, entry_point)
    return registry


def _add_plugin(registry: RuleRegistry, entry_point: EntryPoint) -> None:
    where = f"plugin {entry_point.name!r} ({entry_point.value})"
    try:
        loaded = entry_point.load()
        rules = _plugin_rules(loaded)
    except Exception as error:  # a plugin may fail in any way; copydesk must not
        registry.warnings.append(f"{where} failed to load: {type(error).__name__}: {error}")
        return
    for rule in rules:
        try:
            registry.add(rule)
        except RuleDefinitionError as error:
            registry.warnings.append(f"{where} skipped a rule: {error}")


def _plugin_rules(loaded: object) -> list[object]:
    """An entry point names a Rule class, an iterable of them, or a callable returning one."""
    if inspect.isclass(loaded):
        return [loaded]
    if callable(loaded):
        loaded = loaded()
    if isinstance(loaded, Iterable) and not isinstance(loaded, str | bytes):
        return list(loaded)
    raise RuleDefinitionError(f"expected Rule classes, got {type(loaded).__name__}")
