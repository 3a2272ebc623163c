"""Tests of the report writers, rendering hand-built CheckResults and parsing the output back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from copydesk import reports
from copydesk.reports import github, json_report, junit, sarif, text
from copydesk.result import CheckResult, RunError
from copydesk.rule import Edit, Finding, Fix, RuleInfo, Severity

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

CAFE = "news/2024/café menu.md"  # a space and a non-ASCII letter in one path
SPORT = "news/sport.md"

RULES = [
    RuleInfo(
        code="BP001",
        name="boilerplate.chatbot-disclaimer",
        severity=Severity.ERROR,
        enabled_by_default=True,
        summary="A chatbot's disclaimer was left in the article.",
        documentation="A chatbot's disclaimer was left in the article.\n\nBad: As an AI model...",
    ),
    RuleInfo(
        code="TB002",
        name="tables.duplicated-cells",
        severity=Severity.WARNING,
        enabled_by_default=True,
        summary="A table repeats the same cell down a column.",
        documentation="A table repeats the same cell down a column.\n\nGood: distinct cells.",
    ),
    RuleInfo(
        code="ST010",
        name="style.long-sentence",
        severity=Severity.INFO,
        enabled_by_default=False,
        summary="A sentence runs past the length limit.",
        documentation="A sentence runs past the length limit.",
    ),
]

DISCLAIMER = Finding(
    path=CAFE,
    line=3,
    column=1,
    end_line=4,
    end_column=12,
    code="BP001",
    name="boilerplate.chatbot-disclaimer",
    severity=Severity.ERROR,
    message='chatbot disclaimer: "I can\'t be 100% sure, but"\nspans two lines',
)
SCRIPT_CELLS = Finding(
    path=CAFE,
    line=9,
    column=5,
    end_line=9,
    end_column=22,
    code="TB002",
    name="tables.duplicated-cells",
    severity=Severity.WARNING,
    message="cell <script>alert('x') & \"y\"</script> repeats 4 times in column 2 (Größe)",
    fix=Fix(
        message="Remove the repeated cell",
        edits=(Edit(line=9, column=5, end_line=9, end_column=22, content=""),),
    ),
)
LONG_SENTENCE = Finding(
    path=SPORT,
    line=12,
    column=1,
    end_line=12,
    end_column=301,
    code="ST010",
    name="style.long-sentence",
    severity=Severity.INFO,
    message="sentence of 61 words (limit 40)",
)
PLUGIN_FINDING = Finding(
    path=SPORT,
    line=20,
    column=3,
    end_line=20,
    end_column=9,
    code="XY001",
    name="acme.house-style",
    severity=Severity.WARNING,
    message="'e-mail' is spelt 'email' here",
    fix=Fix(
        message="Spell it 'email'",
        edits=(Edit(line=20, column=3, end_line=20, end_column=9, content="email"),),
        applicability="unsafe",
    ),
)
RULE_CRASH = RunError(message="KeyError: 'colspan'", path="news/broken.md", code="TB002")
PLUGIN_CRASH = RunError(message="plugin 'acme' failed to load: ImportError")

FINDINGS = [DISCLAIMER, SCRIPT_CELLS, LONG_SENTENCE, PLUGIN_FINDING]


def full_result(**overrides: object) -> CheckResult:
    fields: dict = {
        "paths": [CAFE, SPORT, "news/broken.md", "news/clean-1.md", "news/clean-2.md"],
        "findings": list(FINDINGS),
        "errors": [RULE_CRASH, PLUGIN_CRASH],
        "rules": list(RULES),
        "version": "1.2.3",
    }
    fields.update(overrides)
    return CheckResult(**fields)


def empty_result(files: int = 5) -> CheckResult:
    paths = [f"news/clean-{number}.md" for number in range(files)]
    return CheckResult(paths=paths, findings=[], rules=list(RULES), version="1.2.3")


# -- dispatch ----------------------------------------------------------------------------------


@pytest.mark.parametrize("format", reports.FORMATS)
def test_render_dispatches_to_the_module_of_each_format(format: str) -> None:
    module = {
        "text": text,
        "json": json_report,
        "github": github,
        "sarif": sarif,
        "junit": junit,
    }[format]
    result = full_result()
    expected = module.render(result, color=False, statistics=True, quiet=False)
    assert reports.render(format, result, statistics=True) == expected


def test_render_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format 'html'"):
        reports.render("html", full_result())


# -- text --------------------------------------------------------------------------------------


def test_text_prints_one_line_per_finding_then_errors_then_summary() -> None:
    output = text.render(full_result())
    assert output.splitlines() == [
        "news/2024/café menu.md:3:1: BP001 [error] chatbot disclaimer: "
        '"I can\'t be 100% sure, but"\\nspans two lines',
        "news/2024/café menu.md:9:5: TB002 [warning] "
        "cell <script>alert('x') & \"y\"</script> repeats 4 times in column 2 (Größe)",
        "news/sport.md:12:1: ST010 [info] sentence of 61 words (limit 40)",
        "news/sport.md:20:3: XY001 [warning] 'e-mail' is spelt 'email' here",
        "error: news/broken.md: TB002: KeyError: 'colspan'",
        "error: plugin 'acme' failed to load: ImportError",
        "Found 4 findings (1 error, 2 warnings, 1 info) in 2 of 5 files. 2 run errors.",
    ]
    assert output.endswith("\n")


@pytest.mark.parametrize(
    ("result", "summary"),
    [
        (empty_result(files=5), "No findings in 5 files."),
        (empty_result(files=1), "No findings in 1 file."),
        (empty_result(files=0), "No findings in 0 files."),
        (
            CheckResult(paths=[CAFE], findings=[DISCLAIMER]),
            "Found 1 finding (1 error, 0 warnings, 0 info) in 1 of 1 file.",
        ),
        (
            CheckResult(
                paths=[CAFE, SPORT, "news/clean.md"], findings=[SCRIPT_CELLS, LONG_SENTENCE]
            ),
            "Found 2 findings (0 errors, 1 warning, 1 info) in 2 of 3 files.",
        ),
        (
            CheckResult(paths=["a.md", "b.md"], findings=[], errors=[PLUGIN_CRASH]),
            "No findings in 2 files. 1 run error.",
        ),
    ],
)
def test_text_summary_uses_singular_and_plural(result: CheckResult, summary: str) -> None:
    assert text.render(result).splitlines()[-1] == summary


def test_text_quiet_drops_the_summary_but_keeps_findings_and_errors() -> None:
    lines = text.render(full_result(), quiet=True).splitlines()
    assert len(lines) == len(FINDINGS) + 2
    assert lines[-1] == "error: plugin 'acme' failed to load: ImportError"
    assert text.render(empty_result(), quiet=True) == ""


def test_text_statistics_table_comes_before_the_summary() -> None:
    result = full_result(findings=[*FINDINGS, LONG_SENTENCE, LONG_SENTENCE], errors=[])
    lines = text.render(result, statistics=True).splitlines()
    assert lines[-5:] == [
        "3  ST010  style.long-sentence",
        "1  BP001  boilerplate.chatbot-disclaimer",
        "1  TB002  tables.duplicated-cells",
        "1  XY001  acme.house-style",
        "Found 6 findings (1 error, 2 warnings, 3 info) in 2 of 5 files.",
    ]
    assert "ST010  style" not in text.render(result)


def test_text_has_ansi_codes_only_when_colour_is_asked_for() -> None:
    sneaky = Finding(
        path="a.md",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        code="ST010",
        name="style.long-sentence",
        severity=Severity.INFO,
        message="quoted text with a stray \x1b[31m terminal escape",
    )
    plain = text.render(full_result(findings=[*FINDINGS, sneaky]), statistics=True)
    assert "\x1b" not in plain
    assert "stray \\x1b[31m terminal" in plain

    coloured = text.render(full_result(), color=True)
    assert "\x1b[1mnews/2024/café menu.md\x1b[0m" in coloured
    assert "\x1b[31mBP001\x1b[0m" in coloured  # error: red
    assert "\x1b[33mTB002\x1b[0m" in coloured  # warning: yellow
    assert "\x1b[34mST010\x1b[0m" in coloured  # info: blue


# -- json --------------------------------------------------------------------------------------


def test_json_round_trips_with_exactly_the_contract_keys() -> None:
    result = full_result()
    output = json_report.render(result)
    document = json.loads(output)
    assert set(document) == {"version", "files", "findings", "errors"}
    assert document["version"] == "1.2.3"
    assert document["files"] == 5
    assert document["findings"] == [finding.as_dict() for finding in FINDINGS]
    assert document["errors"] == [
        {"path": "news/broken.md", "code": "TB002", "message": "KeyError: 'colspan'"},
        {"path": None, "code": None, "message": "plugin 'acme' failed to load: ImportError"},
    ]
    assert document["findings"][1]["fix"]["edits"][0]["end_column"] == 22
    assert "café menu" in output and "Größe" in output  # ensure_ascii=False
    assert output.startswith('{\n  "version": "1.2.3",\n')
    assert output.endswith("}\n")


def test_json_statistics_are_added_only_when_asked_for() -> None:
    document = json.loads(json_report.render(full_result(), statistics=True))
    assert set(document) == {"version", "files", "findings", "errors", "statistics"}
    assert document["statistics"][0] == {
        "code": "BP001",
        "name": "boilerplate.chatbot-disclaimer",
        "count": 1,
    }
    assert sum(row["count"] for row in document["statistics"]) == len(FINDINGS)


def test_json_of_an_empty_result() -> None:
    assert json.loads(json_report.render(empty_result())) == {
        "version": "1.2.3",
        "files": 5,
        "findings": [],
        "errors": [],
    }


# -- github ------------------------------------------------------------------------------------


def test_github_escapes_messages_and_properties_exactly() -> None:
    lines = github.render(full_result()).splitlines()
    assert lines == [
        "::error file=news/2024/café menu.md,line=3,col=1,endLine=4,endColumn=12,"
        "title=BP001 (boilerplate.chatbot-disclaimer)"
        '::chatbot disclaimer: "I can\'t be 100%25 sure, but"%0Aspans two lines',
        "::warning file=news/2024/café menu.md,line=9,col=5,endLine=9,endColumn=22,"
        "title=TB002 (tables.duplicated-cells)"
        "::cell <script>alert('x') & \"y\"</script> repeats 4 times in column 2 (Größe)",
        "::notice file=news/sport.md,line=12,col=1,endLine=12,endColumn=301,"
        "title=ST010 (style.long-sentence)::sentence of 61 words (limit 40)",
        "::warning file=news/sport.md,line=20,col=3,endLine=20,endColumn=9,"
        "title=XY001 (acme.house-style)::'e-mail' is spelt 'email' here",
        "::error::news/broken.md: TB002: KeyError: 'colspan'",
        "::error::plugin 'acme' failed to load: ImportError",
    ]


def test_github_escape_functions() -> None:
    assert github.escape_data("50% off: a, b\r\nc") == "50%25 off: a, b%0D%0Ac"
    assert github.escape_property("50% off: a, b\r\nc") == "50%25 off%3A a%2C b%0D%0Ac"
    # "%" is escaped first, so an already escaped-looking value is not double-decoded.
    assert github.escape_data("%0A") == "%250A"


def test_github_escapes_colons_and_commas_in_the_file_property() -> None:
    finding = Finding(
        path="desk/a,b:c%.md",
        line=1,
        column=2,
        end_line=1,
        end_column=3,
        code="TB002",
        name="tables.duplicated-cells",
        severity=Severity.WARNING,
        message="m",
    )
    output = github.render(CheckResult(paths=[finding.path], findings=[finding]))
    assert output.startswith("::warning file=desk/a%2Cb%3Ac%25.md,line=1,col=2,")


def test_github_of_an_empty_result_is_empty() -> None:
    assert github.render(empty_result()) == ""


# -- sarif -------------------------------------------------------------------------------------


def validate_sarif(output: str) -> dict:
    log = json.loads(output)
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    # jsonschema checks the "uri" formats only with an optional package, so check them here.
    for uri in all_values(log, "uri"):
        assert uri.isascii() and " " not in uri, uri
        assert urlsplit(uri).scheme in ("", "file"), uri
    return log


def all_values(node: object, key: str) -> list:
    """Every value stored under `key` anywhere in a JSON document."""
    if isinstance(node, dict):
        found = [node[key]] if key in node else []
        return found + [v for child in node.values() for v in all_values(child, key)]
    if isinstance(node, list):
        return [v for child in node for v in all_values(child, key)]
    return []


ABSOLUTE = Finding(
    path="/srv/news/a b.md",
    line=1,
    column=1,
    end_line=1,
    end_column=5,
    code="TB002",
    name="tables.duplicated-cells",
    severity=Severity.WARNING,
    message="absolute",
)
STDIN = Finding(
    path="-",
    line=2,
    column=1,
    end_line=2,
    end_column=5,
    code="BP001",
    name="boilerplate.chatbot-disclaimer",
    severity=Severity.ERROR,
    message="from stdin",
)


@pytest.mark.parametrize(
    "result",
    [
        full_result(),
        empty_result(),
        CheckResult(paths=[], findings=[]),
        CheckResult(paths=["news/broken.md"], findings=[], errors=[PLUGIN_CRASH, RULE_CRASH]),
        CheckResult(
            paths=[ABSOLUTE.path, STDIN.path, SPORT], findings=[ABSOLUTE, STDIN, PLUGIN_FINDING]
        ),
    ],
    ids=["full", "empty", "no-rules", "errors-only", "no-rules-with-findings"],
)
def test_sarif_is_valid_against_the_schema(result: CheckResult) -> None:
    log = validate_sarif(sarif.render(result))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "copydesk"
    assert len(run["results"]) == len(result.findings)


def test_sarif_rule_index_points_at_the_rule_of_the_finding() -> None:
    log = validate_sarif(sarif.render(full_result()))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["BP001", "TB002", "ST010", "XY001"]
    for sarif_result, finding in zip(run["results"], FINDINGS, strict=True):
        assert sarif_result["ruleId"] == finding.code
        assert rules[sarif_result["ruleIndex"]]["id"] == finding.code
    # A finding of a rule the result does not describe gets a minimal descriptor.
    assert rules[3] == {"id": "XY001", "name": "acme.house-style"}
    assert rules[0]["shortDescription"] == {"text": RULES[0].summary}
    assert rules[0]["fullDescription"] == {"text": RULES[0].documentation}
    assert rules[0]["help"] == {"text": RULES[0].documentation}
    assert [rule["defaultConfiguration"]["level"] for rule in rules[:3]] == [
        "error",
        "warning",
        "note",
    ]
    assert rules[1]["properties"] == {"tags": ["tables"]}


def test_sarif_results_carry_level_message_and_region() -> None:
    (run,) = json.loads(sarif.render(full_result()))["runs"]
    disclaimer, cells, sentence, _ = run["results"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "warning"]
    assert disclaimer["message"] == {"text": DISCLAIMER.message}
    location = disclaimer["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news/2024/caf%C3%A9%20menu.md"}
    assert location["region"] == {"startLine": 3, "startColumn": 1, "endLine": 4, "endColumn": 12}
    assert "fixes" not in sentence
    (fix,) = cells["fixes"]
    assert fix["description"] == {"text": "Remove the repeated cell"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "news/2024/caf%C3%A9%20menu.md"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 9, "startColumn": 5, "endLine": 9, "endColumn": 22},
            "insertedContent": {"text": ""},
        }
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("news/2024/café menu.md", "news/2024/caf%C3%A9%20menu.md"),
        ("a:b.md", "a%3Ab.md"),
        ("/srv/news/a b.md", "file:///srv/news/a%20b.md"),
        ("-", "stdin"),
    ],
)
def test_sarif_artifact_uris(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri


def test_sarif_run_errors_become_notifications() -> None:
    (run,) = json.loads(sarif.render(full_result()))["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    crash, plugin = invocation["toolExecutionNotifications"]
    assert crash == {
        "level": "error",
        "message": {"text": "KeyError: 'colspan'"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "news/broken.md"}}}],
        "associatedRule": {"id": "TB002"},
    }
    assert plugin == {"level": "error", "message": {"text": PLUGIN_CRASH.message}}

    (clean_run,) = json.loads(sarif.render(empty_result()))["runs"]
    assert clean_run["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}
    ]


# -- junit -------------------------------------------------------------------------------------


def parse_junit(output: str) -> ET.Element:
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(output.encode("utf-8"))


def junit_cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def test_junit_fails_the_findings_at_or_above_fail_on() -> None:
    result = full_result()
    root = parse_junit(junit.render(result))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    at_or_above = [f for f in FINDINGS if f.severity >= Severity.WARNING]
    assert len(root.findall(".//failure")) == len(at_or_above) == 3
    cases = junit_cases(root)
    assert list(cases) == [
        CAFE,
        SPORT,
        "news/broken.md",
        "news/clean-1.md",
        "news/clean-2.md",
        "copydesk",
    ]
    assert all(case.get("classname") == "copydesk" for case in cases.values())
    for element in (root, suite):
        assert element.get("name") == "copydesk"
        assert element.get("tests") == "6"  # 5 files plus the testcase of the pathless error
        assert element.get("failures") == "2"  # testcases, not failure elements
        assert element.get("errors") == "2"

    sport = cases[SPORT]
    (failure,) = sport.findall("failure")
    assert failure.get("type") == "XY001"
    assert failure.get("message") == "20:3 'e-mail' is spelt 'email' here"
    assert sport.findtext("system-out") == (
        "news/sport.md:12:1: ST010 [info] sentence of 61 words (limit 40)"
    )


def test_junit_xml_special_characters_survive_the_round_trip() -> None:
    root = parse_junit(junit.render(full_result()))
    disclaimer, cells = junit_cases(root)[CAFE].findall("failure")
    assert disclaimer.get("message") == f"3:1 {DISCLAIMER.message}"  # newline kept
    assert cells.get("message") == f"9:5 {SCRIPT_CELLS.message}"
    assert cells.text == text.finding_line(SCRIPT_CELLS)
    assert "<script>alert('x') & \"y\"</script>" in cells.text


def test_junit_run_errors_are_error_elements() -> None:
    cases = junit_cases(parse_junit(junit.render(full_result())))
    (crash,) = cases["news/broken.md"].findall("error")
    assert crash.get("type") == "TB002"
    assert crash.get("message") == "KeyError: 'colspan'"
    assert crash.text == "news/broken.md: TB002: KeyError: 'colspan'"
    (plugin,) = cases["copydesk"].findall("error")
    assert plugin.get("type") is None
    assert plugin.text == PLUGIN_CRASH.message


@pytest.mark.parametrize(
    ("fail_on", "failures"),
    [(Severity.ERROR, 1), (Severity.WARNING, 3), (Severity.INFO, 4), (None, 0)],
)
def test_junit_failures_follow_fail_on(fail_on: Severity | None, failures: int) -> None:
    result = full_result(fail_on=fail_on, errors=[])
    root = parse_junit(junit.render(result))
    assert len(root.findall(".//failure")) == failures
    assert len(root.findall(".//failure")) > 0 or not result.failed
    output_lines = "\n".join(out.text for out in root.iter("system-out")).splitlines()
    assert len(output_lines) == len(FINDINGS) - failures


def test_junit_of_an_empty_result() -> None:
    root = parse_junit(junit.render(empty_result(files=7)))
    assert root.get("tests") == "7"
    assert root.get("failures") == "0"
    assert root.get("errors") == "0"
    cases = root.findall(".//testcase")
    assert [case.get("name") for case in cases] == [f"news/clean-{n}.md" for n in range(7)]
    assert all(len(case) == 0 for case in cases)  # passing: no failure, error or output


def test_junit_stays_well_formed_with_characters_xml_cannot_carry() -> None:
    finding = Finding(
        path="feed.txt",
        line=1,
        column=1,
        end_line=1,
        end_column=2,
        code="TB002",
        name="tables.duplicated-cells",
        severity=Severity.WARNING,
        message="form feed \x0c and null \x00 in the source",
    )
    root = parse_junit(junit.render(CheckResult(paths=["feed.txt"], findings=[finding])))
    (failure,) = root.iter("failure")
    assert failure.get("message") == "1:1 form feed \ufffd and null \ufffd in the source"
