"""Configuration: `[tool.copydesk]` in pyproject.toml or a copydesk.toml, found by walking up."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copydesk.registry import RuleRegistry
from copydesk.rule import Rule, Severity

if TYPE_CHECKING:
    import pathspec

CONFIG_FILES = ("copydesk.toml", "pyproject.toml")
KEYS = ("select", "extend-select", "ignore", "exclude", "per-file-ignores", "fail-on", "rules")
#: Directories never walked into unless named on the command line.
DEFAULT_EXCLUDE = (".git/", ".hg/", ".svn/", ".venv/", "venv/", "node_modules/", "__pycache__/")


class ConfigError(Exception):
    """Invalid configuration; the message names the file and the key."""


@dataclass
class Config:
    """Settings for one run. Globs are relative to `root`, the config file's directory."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    rule_settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How messages name where the settings came from."""
        if self.path is None:
            return "configuration"
        table = "[tool.copydesk]" if self.path.name == "pyproject.toml" else ""
        return f"{self.path}{' ' + table if table else ''}"

    # pathspec is imported on first use: it costs a third of start-up on a single-file check.

    @cached_property
    def exclude_spec(self) -> pathspec.PathSpec:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *self.exclude])

    @cached_property
    def per_file_ignore_specs(self) -> list[tuple[pathspec.PathSpec, list[str]]]:
        import pathspec

        return [
            (pathspec.GitIgnoreSpec.from_lines([glob]), codes)
            for glob, codes in self.per_file_ignores.items()
        ]

    @cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    def relative(self, path: str) -> str:
        """`path` relative to the config root when it lies below it, for glob matching."""
        try:
            return Path(path).resolve().relative_to(self._resolved_root).as_posix()
        except ValueError:
            return Path(path).as_posix()


def find_config_file(start: Path) -> Path | None:
    """The nearest copydesk.toml, or pyproject.toml with a [tool.copydesk] table, at or above
    `start`. A pyproject.toml without the table does not stop the search."""
    for directory in (start, *start.parents):
        candidate = directory / "copydesk.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_copydesk_table(candidate):
            return candidate
    return None


def _has_copydesk_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # not ours to judge; keep looking above it
    try:
        return "copydesk" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as error:
        if "tool.copydesk" in text:  # our settings are in there: skipping them would be silent
            raise ConfigError(f"{pyproject}: not valid TOML: {error}") from None
        return False


def load_config(path: Path) -> Config:
    """Read and type-check a config file (codes are checked later, against the registry)."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("copydesk", {})
    else:
        table = document.get("tool", {}).get("copydesk", document)
    config = Config(path=path, root=path.parent)
    _apply_table(config, table)
    return config


def _apply_table(config: Config, table: dict[str, Any]) -> None:
    where = config.label
    for key in table:
        if key not in KEYS:
            hint = f" (did you mean {key.replace('_', '-')!r}?)" if "_" in key else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint}; known keys: {', '.join(KEYS)}")
    if "select" in table:
        config.select = _string_list(table["select"], where, "select")
    config.extend_select = _string_list(table.get("extend-select", []), where, "extend-select")
    config.ignore = _string_list(table.get("ignore", []), where, "ignore")
    config.exclude = _string_list(table.get("exclude", []), where, "exclude")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
    config.per_file_ignores = {
        glob: _string_list(codes, where, f"per-file-ignores.{glob!r}")
        for glob, codes in per_file.items()
    }
    if "fail-on" in table:
        config.fail_on = parse_severity(table["fail-on"], f"{where}: fail-on")
    rules = table.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{where}: rules must hold one table per rule, e.g. [rules.CB001]")
    config.rule_settings = {key: dict(settings) for key, settings in rules.items()}


def _string_list(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings, got {value!r}")
    return value


def parse_severity(value: Any, where: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string, got {value!r}")
    try:
        return Severity.parse(value)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


@dataclass(frozen=True)
class ActiveRule:
    """A rule chosen for this run, with its configured options and severity."""

    rule: type[Rule]
    settings: dict[str, Any]
    severity: Severity

    def instantiate(self) -> Rule:
        return self.rule(self.settings, self.severity)


def resolve_rules(config: Config, registry: RuleRegistry) -> list[ActiveRule]:
    """The rules to run under `config`, with options checked against each rule's defaults."""
    where = config.label
    for key, selectors in (
        ("select", config.select or []),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        unknown = registry.unknown_selector(selectors)
        if unknown is not None:
            raise ConfigError(f"{where}: {key}: unknown rule code or prefix {unknown!r}")
    selected = registry.select(config.select, config.extend_select, config.ignore)
    for glob, codes in config.per_file_ignores.items():
        unknown = registry.unknown_selector(codes)
        if unknown is not None:
            raise ConfigError(f"{where}: per-file-ignores.{glob!r}: unknown rule code {unknown!r}")
    settings_by_code: dict[str, dict[str, Any]] = {}
    for key, settings in config.rule_settings.items():
        rule = registry.get(key)
        if rule is None:
            raise ConfigError(f"{where}: rules.{key}: unknown rule code or name {key!r}")
        if rule.code in settings_by_code:
            raise ConfigError(f"{where}: rules.{key}: {rule.code} is configured twice")
        settings_by_code[rule.code] = settings
    # Every configured rule is checked, selected or not: a typo must not wait for the day
    # the rule is switched on.
    configured: dict[str, tuple[dict[str, Any], Severity]] = {}
    for code, settings in settings_by_code.items():
        rule = registry.rules[code]
        settings = dict(settings)
        severity = rule.severity
        if "severity" in settings:
            severity = parse_severity(settings.pop("severity"), f"{where}: rules.{code}.severity")
        options = _checked_options(rule, settings, where)
        try:
            rule.validate_settings(options)
        except ValueError as error:
            raise ConfigError(f"{where}: rules.{code}.{error}") from None
        configured[code] = (options, severity)
    return [
        ActiveRule(rule, *configured.get(rule.code, (dict(rule.options), rule.severity)))
        for rule in selected
    ]


def _checked_options(rule: type[Rule], settings: dict[str, Any], where: str) -> dict[str, Any]:
    for option, value in settings.items():
        key = f"{where}: rules.{rule.code}.{option}"
        if option not in rule.options:
            known = ", ".join(["severity", *rule.options]) or "severity"
            raise ConfigError(f"{key}: unknown option for {rule.name}; known: {known}")
        default = rule.options[option]
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
            settings[option] = value
        if type(value) is not expected:
            raise ConfigError(
                f"{key} must be {expected.__name__} (like the default {default!r}), got {value!r}"
            )
        if expected is list and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{key} must be a list of strings, got {value!r}")
    return {**rule.options, **settings}
