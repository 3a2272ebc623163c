"""Meta-tests: every rule documents itself, has fixtures, and shows up in the CLI."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from rule_cases import FIXTURE_DIR, fixture_cases, fixture_files, load_fixture

from copydesk.cli import main
from copydesk.registry import load_registry
from copydesk.rule import Rule
from copydesk.rules import BUILTIN_RULES
from copydesk.rules.catalog import compile_patterns, load_catalog

REGISTRY = load_registry(include_plugins=False)
RULES = REGISTRY.sorted()
CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
#: A docstring section starts on an unindented line: `Bad:`, `Good (note):`, `Options:`.
SECTION = re.compile(r"^(Bad|Good|Options)\b[^\n:]*:(.*)$")
OPTION_LINE = re.compile(r"^\s*([a-z][a-z0-9-]*):\s")
MIN_CASES = 3


def rule_id(rule: type[Rule]) -> str:
    return rule.code


def docstring_sections(rule: type[Rule]) -> dict[str, str]:
    """The docstring cut at its section headings: `summary`, `reason` (the prose body before
    the first section), then `Bad`, `Good`, `Options` as present (text after the colon and the
    indented lines below it)."""
    lines = rule.documentation().splitlines()
    sections = {"summary": lines[0].strip() if lines else ""}
    current, body = "reason", []
    for line in lines[1:]:
        heading = SECTION.match(line)
        if heading:
            sections[current] = "\n".join(body).strip("\n").rstrip()
            current, body = heading.group(1), [heading.group(2).strip()]
        elif line and not line[0].isspace() and current in ("Bad", "Good", "Options"):
            sections[current] = "\n".join(body).strip("\n").rstrip()
            current, body = "after " + current, [line]
        else:
            body.append(line)
    sections[current] = "\n".join(body).strip("\n").rstrip()
    return sections


def documented_options(rule: type[Rule]) -> set[str]:
    """Names of the `name: description` lines of the Options section; deeper-indented lines
    continue a description."""
    lines = [line for line in docstring_sections(rule).get("Options", "").splitlines() if line]
    indent = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    entries = [line for line in lines if len(line) - len(line.lstrip()) == indent]
    return {match.group(1) for line in entries if (match := OPTION_LINE.match(line))}


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


# -- docstrings ------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_docstring_has_summary_and_reason(rule: type[Rule]) -> None:
    lines = rule.documentation().splitlines()
    assert rule.summary(), f"{rule.code}: no summary line"
    assert len(lines) > 2 and not lines[1].strip(), (
        f"{rule.code}: the summary must be one line followed by a blank line"
    )
    reason = docstring_sections(rule)["reason"]
    assert len(reason.split()) >= 10, (
        f"{rule.code}: the docstring needs a paragraph saying why the defect matters, "
        f"before its Bad/Good examples"
    )


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_docstring_has_bad_and_good_examples(rule: type[Rule]) -> None:
    sections = docstring_sections(rule)
    for heading in ("Bad", "Good"):
        assert sections.get(heading), f"{rule.code}: no {heading!r} example in the docstring"


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_options_are_documented(rule: type[Rule]) -> None:
    documented = documented_options(rule)
    undocumented = set(rule.options) - documented
    assert not undocumented, f"{rule.code}: options missing from 'Options:': {undocumented}"
    stale = documented - set(rule.options)
    assert not stale, f"{rule.code}: 'Options:' describes options the rule lacks: {stale}"


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_explain_prints_the_documentation(rule: type[Rule]) -> None:
    result = invoke("explain", rule.code)
    assert result.exit_code == 0, result.output
    assert rule.summary() in result.output
    sections = docstring_sections(rule)
    for heading in ("Bad", "Good"):
        assert re.search(rf"^{heading}\b", result.output, re.M), f"no {heading} in explain"
        for line in sections[heading].splitlines():
            assert line.strip() in result.output
    for option in rule.options:
        assert option in result.output


# -- fixtures --------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_rule_has_fixture_cases(rule: type[Rule]) -> None:
    path = FIXTURE_DIR / f"{rule.code}.yml"
    assert path.is_file(), f"{rule.code}: no fixture file tests/fixtures/rules/{path.name}"
    cases = fixture_cases(path)
    failing = [case for case in cases if case.expected]
    passing = [case for case in cases if case.passes]
    assert len(failing) >= MIN_CASES, f"{rule.code}: {len(failing)} failing cases"
    assert len(passing) >= MIN_CASES, f"{rule.code}: {len(passing)} passing cases"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda path: path.name)
def test_fixture_file_names_a_registered_rule(path: Path) -> None:
    code = load_fixture(path).get("rule")
    assert REGISTRY.get(str(code)) is not None, f"{path.name}: rule {code!r} is not registered"
    assert path.stem == code, f"{path.name} holds cases for {code}; name it {code}.yml"
    names = [case.name for case in fixture_cases(path)]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    assert not duplicated, f"{path.name}: case names used twice: {duplicated}"


# -- codes and the CLI -------------------------------------------------------------------------


def test_rule_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in BUILTIN_RULES]
    assert len(codes) == len(set(codes)), f"duplicate codes: {codes}"
    malformed = [code for code in codes if not CODE.match(code)]
    assert not malformed, f"codes not letters then three digits: {malformed}"
    names = [rule.name for rule in BUILTIN_RULES]
    assert len(names) == len(set(names)), f"duplicate names: {names}"


def test_rules_command_lists_every_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.splitlines()[1:] if line.strip()}
    for rule in RULES:
        assert rule.code in listed, f"{rule.code} missing from `copydesk rules`"
        assert rule.name in result.output
    as_json = invoke("rules", "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    assert {row["code"] for row in json.loads(as_json.output)} >= set(REGISTRY.rules)


# -- phrase catalogues -------------------------------------------------------------------------


def catalogue_names() -> list[str]:
    data = files("copydesk.rules").joinpath("data")
    toml = [entry.name for entry in data.iterdir() if entry.name.endswith(".toml")]
    return sorted(name.removesuffix(".toml") for name in toml)


def catalogue_entries() -> list[object]:
    params = []
    for name in catalogue_names():
        for section, entries in load_catalog(name).items():
            if isinstance(entries, list):
                for index, entry in enumerate(entries):
                    params.append(pytest.param(entry, id=f"{name}.{section}[{index}]"))
    return params


def test_chatbot_catalogue_is_present() -> None:
    assert "chatbot" in catalogue_names()


@pytest.mark.parametrize("name", catalogue_names())
def test_catalogue_has_an_integer_version(name: str) -> None:
    version = load_catalog(name).get("version")
    assert isinstance(version, int) and not isinstance(version, bool), (
        f"data/{name}.toml: `version` must be an integer, got {version!r}"
    )


@pytest.mark.parametrize("entry", catalogue_entries())
def test_catalogue_pattern_matches_its_example(entry: dict[str, str]) -> None:
    assert isinstance(entry.get("pattern"), str), f"entry without a pattern: {entry}"
    example = entry.get("example")
    assert isinstance(example, str) and example.strip(), f"no example for {entry['pattern']}"
    (pattern,) = compile_patterns((entry["pattern"],))
    assert pattern.search(example), f"{entry['pattern']!r} does not match {example!r}"
