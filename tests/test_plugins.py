"""Tests of third-party rules from the `copydesk.rules` entry-point group, in real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

OFFER = "If you would like, I can also help with styling improvements!"
ARTICLE = f"# Talks resume\n\nThe xyzzy envoy met rebels on Tuesday.\n\n{OFFER}\n"

GOOD_RULES = '''
    """Rules of a third-party newsroom, installed as the fakeplugin distribution."""

    import multiprocessing

    from copydesk.rule import Rule, Severity


    class MagicWord(Rule):
        """The placeholder word xyzzy was left in the text.

        Bad:
            The xyzzy envoy met rebels.

        Good:
            The UN envoy met rebels.
        """

        code = "XP001"
        name = "fakeplugin.magic-word"
        severity = Severity.WARNING
        options = {"word": "xyzzy"}

        def check(self, document):
            for block in document.prose_blocks():
                if self.settings["word"] in block.text:
                    process = multiprocessing.current_process().name
                    yield self.finding(document, block.span, f"magic word (checked in {process})")


    class Shouting(Rule):
        """A paragraph is written in capitals.

        Bad:
            TALKS RESUME

        Good:
            Talks resume
        """

        code = "XP002"
        name = "fakeplugin.shouting"
        enabled_by_default = False

        def check(self, document):
            for block in document.prose_blocks():
                yield self.finding(document, block.span, "every paragraph, for the test")


    class Crashing(Rule):
        """A rule that raises on every document.

        Bad: a plugin with a bug.

        Good: a plugin without one.
        """

        code = "XP009"
        name = "fakeplugin.crashing"

        def check(self, document):
            raise RuntimeError("plugin bug")
            yield


    RULES = [MagicWord, Shouting]


    def all_rules():
        return [MagicWord, Shouting]
'''


def install(site: Path, entry_points: dict[str, str], modules: dict[str, str]) -> Path:
    """Lay out an installed distribution `fakeplugin` in `site`, as pip would."""
    info = site / "fakeplugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplugin\nVersion: 0.1\n")
    lines = [f"{name} = {target}" for name, target in entry_points.items()]
    (info / "entry_points.txt").write_text("[copydesk.rules]\n" + "\n".join(lines) + "\n")
    for module, code in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    return site


def copydesk(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`copydesk ARGS` in a fresh interpreter that sees the distributions in `site`."""
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", "from copydesk.cli import main; main()", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("copydesk: warning:")]


def report(process: subprocess.CompletedProcess[str]) -> dict:
    assert "Traceback" not in process.stderr, process.stderr
    return json.loads(process.stdout)


def found(process: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int]]:
    return [(f["path"], f["code"], f["line"]) for f in report(process)["findings"]]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    return install(
        site,
        {"magic": "fakeplugin_rules:MagicWord", "many": "fakeplugin_rules:RULES"},
        {"fakeplugin_rules": GOOD_RULES},
    )


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A folder with story.md: XP001 on line 3, CB001 on line 5."""
    (tmp_path / "story.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


# -- a good plugin -----------------------------------------------------------------------------


def test_plugin_rule_is_listed(good_site: Path, tmp_path: Path) -> None:
    process = copydesk(good_site, "rules", "--format", "json", cwd=tmp_path)
    assert (process.returncode, process.stderr) == (0, "")
    rules = {row["code"]: row for row in json.loads(process.stdout)}
    assert {"CB001", "ST001", "XP001", "XP002"} <= set(rules)
    assert rules["XP001"]["name"] == "fakeplugin.magic-word"
    assert rules["XP001"]["summary"] == "The placeholder word xyzzy was left in the text."
    assert rules["XP001"]["enabled_by_default"] is True
    assert rules["XP002"]["enabled_by_default"] is False


def test_plugin_rule_runs_beside_the_built_ins(good_site: Path, newsroom: Path) -> None:
    process = copydesk(good_site, "check", "--format", "json", "story.md", cwd=newsroom)
    assert (process.returncode, process.stderr) == (1, "")
    assert found(process) == [("story.md", "XP001", 3), ("story.md", "CB001", 5)]


def test_plugin_rule_takes_selection_and_options_from_config(
    good_site: Path, newsroom: Path
) -> None:
    (newsroom / "copydesk.toml").write_text(
        'select = ["XP001"]\n\n[rules.XP001]\nword = "rebels"\nseverity = "info"\n'
    )
    process = copydesk(good_site, "check", "--format", "json", "story.md", cwd=newsroom)
    assert (process.returncode, process.stderr) == (0, "")
    assert [(f["code"], f["severity"]) for f in report(process)["findings"]] == [("XP001", "info")]


def test_default_off_plugin_rule_runs_when_selected(good_site: Path, newsroom: Path) -> None:
    args = ("check", "--format", "json", "--select", "XP002", "story.md")
    process = copydesk(good_site, *args, cwd=newsroom)
    assert [(code, line) for _, code, line in found(process)] == [
        ("XP002", 1),
        ("XP002", 3),
        ("XP002", 5),
    ]


def test_plugin_rule_is_explainable(good_site: Path, tmp_path: Path) -> None:
    process = copydesk(good_site, "explain", "fakeplugin.magic-word", cwd=tmp_path)
    assert (process.returncode, process.stderr) == (0, "")
    assert process.stdout.startswith("XP001 fakeplugin.magic-word (warning, on by default)")
    assert "Bad:\n    The xyzzy envoy met rebels." in process.stdout
    assert 'word = "xyzzy"' in process.stdout


def test_plugin_rules_run_in_worker_processes(good_site: Path, tmp_path: Path) -> None:
    names = [f"story{number}.md" for number in range(4)]
    for name in names:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    process = copydesk(good_site, "check", "--format", "json", "--jobs", "2", *names, cwd=tmp_path)
    assert (process.returncode, process.stderr) == (1, "")
    magic = [f for f in report(process)["findings"] if f["code"] == "XP001"]
    assert sorted(f["path"] for f in magic) == names
    assert all("MainProcess" not in f["message"] for f in magic), magic
    serial = copydesk(good_site, "check", "--format", "json", "--jobs", "1", *names, cwd=tmp_path)
    assert "(checked in MainProcess)" in report(serial)["findings"][0]["message"]


# -- broken plugins ----------------------------------------------------------------------------


def test_plugin_that_fails_to_import_is_a_warning(tmp_path: Path, newsroom: Path) -> None:
    site = install(
        tmp_path / "site",
        {"needs-spacy": "fakeplugin_broken:Rule"},
        {"fakeplugin_broken": 'raise ImportError("spacy is not installed")\n'},
    )
    process = copydesk(site, "check", "--format", "json", "story.md", cwd=newsroom)
    assert process.returncode == 1
    assert found(process) == [("story.md", "CB001", 5)]
    assert warnings(process.stderr) == process.stderr.splitlines()
    [warning] = warnings(process.stderr)
    assert "'needs-spacy'" in warning
    assert "ImportError: spacy is not installed" in warning


def test_plugin_that_fails_to_import_leaves_a_clean_article_clean(tmp_path: Path) -> None:
    site = install(
        tmp_path / "site",
        {"needs-spacy": "fakeplugin_broken:Rule"},
        {"fakeplugin_broken": "import copydesk_no_such_module\n"},
    )
    (tmp_path / "clean.md").write_text("# Talks resume\n\nEnvoys met on Tuesday.\n")
    process = copydesk(site, "check", "clean.md", cwd=tmp_path)
    assert process.returncode == 0
    assert process.stdout == "No findings in 1 file.\n"
    [warning] = process.stderr.splitlines()
    assert warning.startswith("copydesk: warning: plugin 'needs-spacy'")
    assert "ModuleNotFoundError" in warning


BAD_RULE = '''
    from copydesk.rule import Rule


    class Bad(Rule):
        """A rule that breaks the contract.

        Bad: this. Good: not this.
        """

        code = {code!r}
        name = {name!r}

        def check(self, document):
            yield self.finding(document, document.blocks[0].span, "should never run")
'''


@pytest.mark.parametrize(
    ("code", "name", "reason"),
    [
        ("XP1", "fakeplugin.bad", "code 'XP1' is not letters then three digits"),
        ("xp001", "fakeplugin.bad", "code 'xp001' is not letters then three digits"),
        ("CB001", "fakeplugin.bad", "code CB001 of fakeplugin_bad.Bad is already taken"),
        ("XP005", "chatbot.offer-of-help", "'chatbot.offer-of-help' is used by CB001"),
    ],
)
def test_plugin_rule_breaking_the_contract_is_skipped(
    tmp_path: Path, newsroom: Path, code: str, name: str, reason: str
) -> None:
    site = install(
        tmp_path / "site",
        {"bad": "fakeplugin_bad:Bad"},
        {"fakeplugin_bad": BAD_RULE.format(code=code, name=name)},
    )
    process = copydesk(site, "check", "--format", "json", "story.md", cwd=newsroom)
    assert process.returncode == 1
    findings = report(process)["findings"]
    assert [(f["code"], f["name"]) for f in findings] == [("CB001", "chatbot.offer-of-help")]
    [warning] = process.stderr.splitlines()
    assert warning.startswith("copydesk: warning: plugin 'bad' (fakeplugin_bad:Bad)")
    assert reason in warning


def test_entry_point_naming_a_function_that_returns_rules(tmp_path: Path, newsroom: Path) -> None:
    site = install(
        tmp_path / "site", {"all": "fakeplugin_rules:all_rules"}, {"fakeplugin_rules": GOOD_RULES}
    )
    listed = copydesk(site, "rules", "--format", "json", cwd=newsroom)
    assert {"XP001", "XP002"} <= {row["code"] for row in json.loads(listed.stdout)}
    args = ("check", "--format", "json", "--extend-select", "XP002", "--ignore", "CB", "story.md")
    process = copydesk(site, *args, cwd=newsroom)
    assert process.stderr == ""
    assert [(code, line) for _, code, line in found(process)] == [
        ("XP002", 1),
        ("XP001", 3),
        ("XP002", 3),
        ("XP002", 5),
    ]


def test_plugin_rule_crashing_at_run_time(tmp_path: Path, newsroom: Path) -> None:
    site = install(
        tmp_path / "site", {"crash": "fakeplugin_rules:Crashing"}, {"fakeplugin_rules": GOOD_RULES}
    )
    process = copydesk(site, "check", "--format", "json", "story.md", cwd=newsroom)
    assert process.returncode == 2
    assert found(process) == [("story.md", "CB001", 5)]
    [error] = report(process)["errors"]
    assert (error["path"], error["code"]) == ("story.md", "XP009")
    assert "RuntimeError: plugin bug" in error["message"]
    assert "story.md" in process.stderr
    assert "XP009" in process.stderr


def test_plugin_rule_crashing_in_worker_processes(tmp_path: Path) -> None:
    site = install(
        tmp_path / "site", {"crash": "fakeplugin_rules:Crashing"}, {"fakeplugin_rules": GOOD_RULES}
    )
    names = ["a.md", "b.md", "c.md"]
    for name in names:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    process = copydesk(site, "check", "--jobs", "2", *names, cwd=tmp_path)
    assert process.returncode == 2
    lines = process.stdout.splitlines()
    assert [line.split(":")[0] for line in lines if " CB001 " in line] == names
    for name in names:
        assert f"error: {name}: XP009: rule crashed: RuntimeError: plugin bug" in lines


MISBEHAVING_RULES = '''
    from copydesk.rule import Rule


    class YieldsStrings(Rule):
        """A rule that yields text instead of Findings.

        Bad: yield "a message". Good: yield self.finding(...).
        """

        code = "XP007"
        name = "fakeplugin.yields-strings"

        def check(self, document):
            yield "xyzzy found"


    class CannotStart(Rule):
        """A rule whose constructor fails, say for a missing model file.

        Bad: a plugin with a bug. Good: a plugin without one.
        """

        code = "XP008"
        name = "fakeplugin.cannot-start"

        def __init__(self, settings=None, severity=None):
            raise OSError("model file not found")

        def check(self, document):
            yield from ()
'''


@pytest.mark.parametrize(
    ("target", "code"),
    [("fakeplugin_odd:YieldsStrings", "XP007"), ("fakeplugin_odd:CannotStart", "XP008")],
)
def test_misbehaving_plugin_rule_is_a_run_error_not_a_traceback(
    tmp_path: Path, newsroom: Path, target: str, code: str
) -> None:
    site = install(tmp_path / "site", {"odd": target}, {"fakeplugin_odd": MISBEHAVING_RULES})
    process = copydesk(site, "check", "story.md", cwd=newsroom)
    assert "Traceback" not in process.stderr, process.stderr[-600:]
    assert process.returncode == 2
    assert code in process.stdout + process.stderr
