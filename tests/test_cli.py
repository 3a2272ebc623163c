"""The `copydesk` command through click's CliRunner: exit codes, formats, inputs, outputs."""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.registry import load_registry

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
OFFER = "If you would like, I can also help with styling improvements or further content additions!"
CLEAN_ARTICLE = "Harbour festival returns\n\nThe festival returns this summer, organisers said.\n"
DEFECTIVE_ARTICLE = f"Budget approved\n\nThe council approved the budget.\n\n{OFFER}\n"


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def articles(tmp_path, monkeypatch):
    """A small newsroom folder: a clean article, a defective one, and files to skip."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.txt").write_text(CLEAN_ARTICLE)
    (tmp_path / "offer.txt").write_text(DEFECTIVE_ARTICLE)
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "padded.md").write_text("# Title\n\nBody text here.\n\n\n\n\n")
    (desk / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    hidden = tmp_path / ".cache"
    hidden.mkdir()
    (hidden / "offer.txt").write_text(DEFECTIVE_ARTICLE)
    return tmp_path


def test_seed_with_chatbot_offer_fails_and_clean_seed_passes(shared):
    defective = run("check", str(shared / "seeds" / "000_912e2efdb077eb74.txt"))
    assert defective.exit_code == 1
    assert "000_912e2efdb077eb74.txt:36:1: CB001 [error]" in defective.output
    clean = run("check", str(shared / "seeds" / "002_7a3fb2abc5888194.txt"))
    assert clean.exit_code == 0, clean.output
    assert "No findings in 1 file." in clean.output


def test_directory_walk_picks_known_extensions_and_skips_hidden_folders(articles):
    result = run("check", "--format", "json")
    report = json.loads(result.output)
    assert report["files"] == 3
    paths = sorted({finding["path"] for finding in report["findings"]})
    assert paths == [os.path.join(".", "desk", "padded.md"), os.path.join(".", "offer.txt")]
    assert result.exit_code == 1


def test_text_report_lines_and_summary(articles):
    result = run("check", "offer.txt", "clean.txt")
    lines = result.output.splitlines()
    assert lines[0] == (
        "offer.txt:5:1: CB001 [error] chatbot offer of further help left in the text: "
        "“If you would like, I can also help with styling…”"
    )
    assert lines[-1] == "Found 1 finding (1 error, 0 warnings, 0 info) in 1 of 2 files."
    quiet = run("check", "--quiet", "offer.txt")
    assert quiet.output.splitlines() == lines[:1]


def test_json_report_contract(articles):
    result = run("check", "--format", "json", "offer.txt")
    report = json.loads(result.output)
    assert set(report) == {"version", "files", "findings", "errors"}
    [finding] = report["findings"]
    assert set(finding) == {
        "path", "line", "column", "end_line", "end_column",
        "code", "name", "severity", "message", "fix",
    }  # fmt: skip
    assert (finding["code"], finding["name"], finding["severity"]) == (
        "CB001",
        "chatbot.offer-of-help",
        "error",
    )
    assert (finding["line"], finding["column"], finding["end_line"]) == (5, 1, 5)
    assert finding["end_column"] == len(OFFER) + 1
    assert finding["fix"]["applicability"] == "safe"


def test_sarif_report_is_valid_against_the_schema(shared):
    result = run("check", "--format", "sarif", str(shared / "seeds"))
    log = json.loads(result.output)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    [run_log] = log["runs"]
    rules = run_log["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} >= {"CB001", "ST001", "IN003"}
    results = run_log["results"]
    assert {r["ruleId"] for r in results} == {"CB001", "ST001"}
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    offer = next(r for r in results if r["ruleId"] == "CB001")
    assert offer["level"] == "error"
    assert offer["locations"][0]["physicalLocation"]["region"]["startLine"] == 36


def test_github_annotations(articles):
    result = run("check", "--format", "github", "offer.txt", os.path.join("desk", "padded.md"))
    lines = result.output.splitlines()
    assert lines[0].startswith("::warning file=desk/padded.md,line=4,col=1,")
    assert lines[1].startswith("::error file=offer.txt,line=5,col=1,")
    assert "title=CB001" in lines[1]


def test_junit_report_has_a_failure_per_failing_finding(articles):
    result = run("check", "--format", "junit", ".")
    root = ElementTree.fromstring(result.output.encode())
    failures = root.findall(".//failure")
    assert sorted(f.get("type") for f in failures) == ["CB001", "ST001"]


def test_output_file_is_written_atomically_and_keeps_its_mode(articles):
    report = articles / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    result = run("check", "--format", "json", "--output", str(report), "offer.txt")
    assert result.exit_code == 1
    assert json.loads(report.read_text())["findings"][0]["code"] == "CB001"
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert [p.name for p in articles.iterdir() if p.name.startswith(".report")] == []


def test_output_into_a_missing_directory_is_a_clear_error(articles):
    result = CliRunner().invoke(main, ["check", "-o", "nowhere/report.txt", "offer.txt"])
    assert result.exit_code == 2
    assert "nowhere/report.txt: cannot write the report" in result.output


def test_stdin_with_format_and_filename():
    markdown = f"# Title\n\nIntro.\n\n> {OFFER}\n\n{OFFER}\n"
    result = run(
        "check", "-", "--stdin-format", "markdown", "--stdin-filename", "draft.md",
        "--format", "json", "--isolated", input=markdown,
    )  # fmt: skip
    report = json.loads(result.output)
    found = [(f["path"], f["line"], f["severity"]) for f in report["findings"]]
    assert found == [("draft.md", 5, "info"), ("draft.md", 7, "error")]
    assert result.exit_code == 1


def test_fail_on_sets_the_exit_status(articles):
    padded = os.path.join("desk", "padded.md")
    assert run("check", padded).exit_code == 1
    assert run("check", "--fail-on", "error", padded).exit_code == 0
    assert run("check", "--fail-on", "error", "offer.txt").exit_code == 1


def test_select_and_ignore_from_the_command_line(articles):
    only_structure = json.loads(run("check", "--format", "json", "--select", "ST").output)
    assert {f["code"] for f in only_structure["findings"]} == {"ST001"}
    ignored = json.loads(run("check", "--format", "json", "--ignore", "CB001,ST001").output)
    assert ignored["findings"] == []
    unknown = CliRunner().invoke(main, ["check", "--select", "ZZ999"])
    assert unknown.exit_code == 2
    assert "ZZ999" in unknown.output


def test_parallel_and_serial_runs_report_the_same(articles):
    for n in range(12):
        (articles / f"copy{n:02}.txt").write_text(DEFECTIVE_ARTICLE if n % 3 else CLEAN_ARTICLE)
    serial = run("check", "--format", "json", "--jobs", "1", ".")
    parallel = run("check", "--format", "json", "--jobs", "2", ".")
    assert serial.output == parallel.output
    assert len(json.loads(parallel.output)["findings"]) == 10


def test_bad_input_is_reported_per_file_and_the_run_goes_on(articles):
    (articles / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    (articles / "latin1.txt").write_bytes("Title\n\nCaf\u00e9 prices rose.\n".encode("latin-1"))
    result = run("check", "--format", "json", "binary.md", "latin1.txt", "missing.md", "clean.txt")
    report = json.loads(result.output)
    found = {(f["path"], f["code"], f["line"]) for f in report["findings"]}
    assert found == {
        ("binary.md", "IN002", 1),
        ("latin1.txt", "IN003", 3),
        ("missing.md", "IN001", 1),
    }
    assert report["files"] == 4
    assert result.exit_code == 1


def test_glob_arguments_are_expanded(articles):
    result = json.loads(run("check", "--format", "json", "desk/*.md", "nothing/*.md").output)
    found = {(f["path"], f["code"]) for f in result["findings"]}
    assert found == {(os.path.join("desk", "padded.md"), "ST001"), ("nothing/*.md", "IN001")}


def test_statistics_counts_findings_per_rule(articles):
    result = run("check", "--statistics", ".")
    assert "1  CB001  chatbot.offer-of-help" in result.output
    assert "1  ST001  structure.trailing-blank-lines" in result.output


def test_rules_lists_every_rule_and_explain_shows_examples():
    listing = run("rules")
    rows = {tuple(line.split()[:4]) for line in listing.output.splitlines()[1:]}
    for rule in load_registry(include_plugins=False).sorted():
        default = "on" if rule.enabled_by_default else "off"
        assert (rule.code, rule.name, str(rule.severity), default) in rows
    explained = run("explain", "CB001")
    assert explained.exit_code == 0
    assert "Bad:" in explained.output and "Good:" in explained.output
    assert "extend-patterns" in explained.output
    by_name = run("explain", "structure.trailing-blank-lines")
    assert by_name.output.startswith("ST001 structure.trailing-blank-lines (warning")
    missing = CliRunner().invoke(main, ["explain", "XX001"])
    assert missing.exit_code == 2
    as_json = json.loads(run("rules", "--format", "json").output)
    assert {row["code"] for row in as_json} >= {"CB001", "ST001", "IN001", "IN002", "IN003"}


def test_a_file_that_breaks_the_parser_is_a_run_error_and_the_run_goes_on(articles, monkeypatch):
    import copydesk.formats

    real_parse = copydesk.formats.parse

    def parse_or_break(document):
        if "offer" in document.path:
            raise RecursionError("maximum recursion depth exceeded")
        real_parse(document)

    monkeypatch.setattr(copydesk.formats, "parse", parse_or_break)
    padded = os.path.join("desk", "padded.md")
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "offer.txt", padded])
    assert result.exit_code == 2
    assert "offer.txt: could not parse: RecursionError" in result.output
    assert f"{padded}:4:1: ST001" in result.output


def _die_in_worker(target):
    os._exit(3)  # what the kernel's OOM killer or a crashing C extension looks like


def test_a_worker_process_that_dies_is_a_run_error_not_a_traceback(articles, monkeypatch):
    import copydesk.engine

    monkeypatch.setattr(copydesk.engine, "_check_in_worker", _die_in_worker)
    result = CliRunner().invoke(main, ["check", "--jobs", "2", "offer.txt", "clean.txt"])
    assert result.exit_code == 2
    assert "a worker process died" in result.output
    assert "Traceback" not in result.output
