"""Tests of configuration discovery, every config key end to end, and config errors via the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from copydesk.cli import main
from copydesk.config import ConfigError, find_config_file, load_config
from copydesk.rules.structure import TrailingBlankLines

OFFER = "If you would like, I can also help with styling improvements!"
HOPE = "Hope this helps, dear reader."


LEDE = (
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the "
    "three months to December, from $639m year-earlier."
)
BODY = (
    "The firm, which is now one of the biggest investors in Google, benefited from sales of "
    "high-speed internet connections and higher advert sales."
)


def article(trailing_blank_lines: int = 0, offer: bool = True, extra: str = "") -> str:
    """A BBC business story; the offer (line 7) is CB001, a long blank tail is ST001."""
    lines = ["# Ad sales boost Time Warner profit", "", LEDE, "", BODY, ""]
    if offer:
        lines += [OFFER, ""]
    if extra:
        lines += [extra, ""]
    return "\n".join(lines) + "\n" * trailing_blank_lines


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> Result:
    """`copydesk check` in-process, in one process, with the JSON report."""
    return CliRunner().invoke(main, ["check", "--jobs", "1", "--format", "json", *args])


def findings(result: Result) -> list[tuple[str, str]]:
    """(path, code) of every finding in a JSON report, paths normalised to POSIX form."""
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return [(Path(f["path"]).as_posix(), f["code"]) for f in report["findings"]]


def codes(result: Result) -> set[str]:
    return {code for _, code in findings(result)}


def checked_paths(result: Result) -> set[str]:
    return {path for path, _ in findings(result)}


def config_error(result: Result) -> str:
    """The stderr of a run that stopped on a configuration error."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("copydesk: error: ")
    return result.stderr


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/news/2024/story.md (CB001 and ST001), with the cwd in its folder."""
    path = write(tmp_path / "news" / "2024" / "story.md", article(trailing_blank_lines=5))
    monkeypatch.chdir(path.parent)
    return path


# -- discovery ---------------------------------------------------------------------------------


def test_article_fails_both_rules_without_config(story: Path) -> None:
    assert codes(check("story.md")) == {"CB001", "ST001"}


def test_copydesk_toml_in_a_parent_directory_is_found(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\n')
    assert find_config_file(Path.cwd()) == tmp_path / "copydesk.toml"
    assert codes(check("story.md")) == {"CB001"}


def test_pyproject_with_copydesk_table_in_a_parent_is_found(story: Path, tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "site"\n\n[tool.copydesk]\nignore = ["CB"]\n',
    )
    assert codes(check("story.md")) == {"ST001"}


def test_pyproject_without_the_table_does_not_stop_the_search(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\n')
    write(tmp_path / "news" / "pyproject.toml", '[project]\nname = "news"\n\n[tool.ruff]\n')
    assert find_config_file(Path.cwd()) == tmp_path / "copydesk.toml"
    assert codes(check("story.md")) == {"CB001"}


def test_copydesk_toml_wins_over_pyproject_in_the_same_directory(
    story: Path, tmp_path: Path
) -> None:
    write(tmp_path / "pyproject.toml", '[tool.copydesk]\nignore = ["CB001"]\n')
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\n')
    assert codes(check("story.md")) == {"CB001"}


def test_nearest_config_wins_over_one_further_up(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\n')
    write(tmp_path / "news" / "pyproject.toml", '[tool.copydesk]\nignore = ["CB001"]\n')
    assert codes(check("story.md")) == {"ST001"}


def test_config_option_overrides_discovery(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'ignore = ["CB001"]\n')
    assert codes(check("--config", str(other), "story.md")) == {"ST001"}


def test_config_option_reads_the_table_of_a_named_pyproject(story: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "elsewhere" / "pyproject.toml", '[tool.copydesk]\nignore = ["CB"]\n')
    assert codes(check("--config", str(other), "story.md")) == {"ST001"}


def test_isolated_ignores_even_a_broken_config(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["ST001"]\nselect = ["XX999"]\ncolour = true\n')
    assert check("story.md").exit_code == 2
    assert codes(check("--isolated", "story.md")) == {"CB001", "ST001"}


def test_globs_are_relative_to_the_config_file_directory(tmp_path: Path) -> None:
    path = write(tmp_path / "site" / "copydesk.toml", "exclude = []\n")
    config = load_config(path)
    assert config.root == tmp_path / "site"
    assert config.relative(str(tmp_path / "site" / "news" / "a.md")) == "news/a.md"


# -- keys, end to end --------------------------------------------------------------------------


def test_select_replaces_the_default_rules(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'select = ["ST"]\n')
    assert codes(check("story.md")) == {"ST001"}


def test_ignore_by_prefix(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'ignore = ["CB"]\n')
    assert codes(check("story.md")) == {"ST001"}


def test_extend_select_adds_a_rule_outside_select(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'select = ["ST001"]\nextend-select = ["CB001"]\n')
    assert codes(check("story.md")) == {"CB001", "ST001"}


def test_extend_select_turns_on_a_default_off_rule(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TrailingBlankLines, "enabled_by_default", False)
    assert codes(check("story.md")) == {"CB001"}
    write(tmp_path / "copydesk.toml", 'extend-select = ["ST001"]\n')
    assert codes(check("story.md")) == {"CB001", "ST001"}


def test_command_line_select_replaces_config_select(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'select = ["ST001"]\n')
    assert codes(check("--select", "CB", "story.md")) == {"CB001"}


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tree where every article has the offer, and copydesk.toml excludes some of them."""
    for name in (
        "news/a.md",
        "news/drafts/b.md",
        "drafts/c.md",
        "notes.txt",
        "news/notes.txt",
        "archive/old-1.md",
        "archive/new.md",
        "news/archive/old-2.md",
        "web/page.html",
    ):
        text = f"<p>{OFFER}</p>\n" if name.endswith(".html") else article()
        write(tmp_path / name, text)
    write(tmp_path / "copydesk.toml", 'exclude = ["drafts/", "*.txt", "/archive/old-*.md"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exclude_skips_matching_files_while_walking_directories(newsroom: Path) -> None:
    result = check(".")
    assert checked_paths(result) == {
        "news/a.md",
        "archive/new.md",
        "news/archive/old-2.md",
        "web/page.html",
    }
    assert json.loads(result.stdout)["files"] == 4


def test_exclude_is_relative_to_the_config_root_from_a_subdirectory(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(newsroom / "news")
    assert checked_paths(check(".")) == {"a.md", "archive/old-2.md"}


def test_exclude_applies_to_globs(newsroom: Path) -> None:
    assert checked_paths(check("**/*.md")) == {
        "news/a.md",
        "archive/new.md",
        "news/archive/old-2.md",
    }


def test_excluded_files_named_explicitly_are_still_checked(newsroom: Path) -> None:
    result = check("drafts/c.md", "notes.txt", "archive/old-1.md")
    assert checked_paths(result) == {"drafts/c.md", "notes.txt", "archive/old-1.md"}


def test_per_file_ignores_map_globs_to_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("opinion/column.md", "news/report.md", "wire/brief.txt"):
        write(tmp_path / name, article(trailing_blank_lines=5))
    write(
        tmp_path / "copydesk.toml",
        '[per-file-ignores]\n"opinion/*.md" = ["CB001"]\n"*.txt" = ["ST"]\n',
    )
    monkeypatch.chdir(tmp_path)
    assert sorted(findings(check("."))) == [
        ("news/report.md", "CB001"),
        ("news/report.md", "ST001"),
        ("opinion/column.md", "ST001"),
        ("wire/brief.txt", "CB001"),
    ]
    monkeypatch.chdir(tmp_path / "opinion")
    assert findings(check("column.md")) == [("column.md", "ST001")]


def test_fail_on_error_passes_a_warning_only_run(story: Path, tmp_path: Path) -> None:
    story.write_text(article(trailing_blank_lines=5, offer=False), encoding="utf-8")
    warned = check("story.md")
    assert (warned.exit_code, codes(warned)) == (1, {"ST001"})
    write(tmp_path / "copydesk.toml", 'fail-on = "error"\n')
    passed = check("story.md")
    assert (passed.exit_code, codes(passed)) == (0, {"ST001"})
    assert check("--fail-on", "warning", "story.md").exit_code == 1


def test_fail_on_error_still_fails_on_an_error(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", 'fail-on = "error"\n')
    assert check("story.md").exit_code == 1


def test_rule_option_max_blank_lines(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.copydesk.rules.ST001]\nmax-blank-lines = 5\n")
    assert codes(check("story.md")) == {"CB001"}
    story.write_text(article(trailing_blank_lines=6), encoding="utf-8")
    assert codes(check("story.md")) == {"CB001", "ST001"}


def test_rule_severity_override(story: Path, tmp_path: Path) -> None:
    story.write_text(article(trailing_blank_lines=5, offer=False), encoding="utf-8")
    write(tmp_path / "pyproject.toml", '[tool.copydesk.rules.ST001]\nseverity = "info"\n')
    result = check("story.md")
    assert result.exit_code == 0
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["info"]


def test_chatbot_extend_patterns(story: Path, tmp_path: Path) -> None:
    story.write_text(article(offer=False, extra=HOPE), encoding="utf-8")
    assert findings(check("story.md")) == []
    write(
        tmp_path / "copydesk.toml",
        '[rules.CB001]\nextend-patterns = ["\\\\bhope this helps\\\\b"]\n',
    )
    result = check("story.md")
    assert [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [("CB001", 7)]


def test_rules_table_keyed_by_rule_name_is_applied_or_rejected(story: Path, tmp_path: Path) -> None:
    # The rules table passes validation when keyed by a rule's name (registry.get accepts
    # names), so the settings must take effect; today they are silently dropped.
    write(
        tmp_path / "pyproject.toml",
        '[tool.copydesk.rules."structure.trailing-blank-lines"]\nmax-blank-lines = 10\n',
    )
    result = check("story.md")
    if result.exit_code == 2:
        assert "structure.trailing-blank-lines" in config_error(result)
    else:
        assert codes(result) == {"CB001"}, "max-blank-lines = 10 set by rule name was ignored"


def test_rules_table_keyed_by_code_in_lower_case(story: Path, tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", "[rules.st001]\nmax-blank-lines = 5\n")
    assert codes(check("story.md")) == {"CB001"}


# -- errors ------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one failing article and the cwd in it; tests add the config."""
    write(tmp_path / "story.md", article(trailing_blank_lines=5))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unknown_top_level_key(project: Path) -> None:
    path = write(project / "copydesk.toml", "colour = true\n")
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert "unknown key 'colour'" in stderr


def test_underscore_key_gets_a_did_you_mean(project: Path) -> None:
    path = write(project / "pyproject.toml", '[tool.copydesk]\nextend_select = ["CB001"]\n')
    stderr = config_error(check("story.md"))
    assert f"{path} [tool.copydesk]" in stderr
    assert "'extend_select'" in stderr
    assert "did you mean 'extend-select'" in stderr


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('select = ["XX999"]\n', "select"),
        ('ignore = ["CB001", "XX999"]\n', "ignore"),
        ('extend-select = ["XX999"]\n', "extend-select"),
        ('[per-file-ignores]\n"opinion/*.md" = ["XX999"]\n', "per-file-ignores.'opinion/*.md'"),
        ("[rules.XX999]\nseverity = 'info'\n", "rules.XX999"),
    ],
)
def test_unknown_rule_code(project: Path, toml: str, key: str) -> None:
    path = write(project / "copydesk.toml", toml)
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert key in stderr
    assert "'XX999'" in stderr


def test_rule_configured_twice_by_code_and_name(project: Path) -> None:
    path = write(
        project / "copydesk.toml",
        "[rules.ST001]\nmax-blank-lines = 5\n\n"
        '[rules."structure.trailing-blank-lines"]\nmax-blank-lines = 6\n',
    )
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert "ST001" in stderr


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        # unknown rule options
        ("[rules.ST001]\nmax-blnk = 5\n", "rules.ST001.max-blnk: unknown option"),
        ("[rules.CB001]\npatterns = ['x']\n", "rules.CB001.patterns: unknown option"),
        # wrong types
        ('[rules.ST001]\nmax-blank-lines = "5"\n', "rules.ST001.max-blank-lines must be int"),
        ("[rules.ST001]\nmax-blank-lines = true\n", "rules.ST001.max-blank-lines must be int"),
        ('[rules.CB001]\nextend-patterns = "hope"\n', "rules.CB001.extend-patterns must be list"),
        ("[rules.CB001]\nextend-patterns = [1]\n", "rules.CB001.extend-patterns must be a list"),
        ("exclude = 5\n", "exclude must be a list of strings"),
        ('select = ["CB001", 3]\n', "select must be a list of strings"),
        ('per-file-ignores = ["*.md"]\n', "per-file-ignores must be a table"),
        ("[per-file-ignores]\n'*.md' = 1\n", "per-file-ignores.'*.md' must be a list"),
        ('rules = { ST001 = "off" }\n', "rules must hold one table per rule"),
        # bad severities
        ('fail-on = "fatal"\n', "fail-on: unknown severity 'fatal'"),
        ("fail-on = 2\n", "fail-on must be a string"),
        ('[rules.ST001]\nseverity = "fatal"\n', "rules.ST001.severity: unknown severity"),
        ('[rules.CB001]\nquoted-severity = "loud"\n', "quoted-severity: unknown severity"),
    ],
)
def test_bad_value_names_the_file_and_the_key(project: Path, toml: str, key: str) -> None:
    path = write(project / "copydesk.toml", toml)
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert key in stderr


def test_unknown_option_of_an_ignored_rule_is_still_an_error(project: Path) -> None:
    # A typo in the config must not depend on which rules happen to be selected for this run.
    write(project / "copydesk.toml", 'ignore = ["ST001"]\n\n[rules.ST001]\nmax-blnk = 5\n')
    stderr = config_error(check("story.md"))
    assert "rules.ST001.max-blnk" in stderr


def test_invalid_toml(project: Path) -> None:
    path = write(project / "copydesk.toml", 'select = ["CB001"\n')
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert "not valid TOML" in stderr


def test_invalid_toml_in_a_pyproject_named_with_config(project: Path) -> None:
    path = write(project / "conf" / "pyproject.toml", "[tool.copydesk\nselect = 1\n")
    stderr = config_error(check("--config", str(path), "story.md"))
    assert str(path) in stderr
    assert "not valid TOML" in stderr


def test_invalid_regex_in_extend_patterns(project: Path) -> None:
    path = write(project / "copydesk.toml", "[rules.CB001]\nextend-patterns = ['(unclosed']\n")
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert "rules.CB001.extend-patterns" in stderr
    assert "'(unclosed'" in stderr


def test_config_option_naming_a_missing_file(project: Path) -> None:
    stderr = config_error(check("--config", "nope.toml", "story.md"))
    assert "nope.toml" in stderr
    assert "--config" in stderr


def test_unknown_code_on_the_command_line(project: Path) -> None:
    stderr = config_error(check("--select", "CB001,XX999", "story.md"))
    assert "'XX999'" in stderr
    assert "select" in stderr


def test_unknown_command_line_code_is_not_blamed_on_the_config_file(project: Path) -> None:
    path = write(project / "copydesk.toml", 'ignore = ["ST001"]\n')
    stderr = config_error(check("--select", "XX999", "story.md"))
    assert "'XX999'" in stderr
    assert "--select" in stderr
    assert str(path) not in stderr, "a command-line code is reported as an error in the file"


def test_load_config_error_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path / "copydesk.toml", 'fail-on = "never"\n')
    with pytest.raises(ConfigError, match=r"copydesk\.toml: fail-on: unknown severity 'never'"):
        load_config(path)


def test_broken_pyproject_holding_our_table_is_an_error_during_discovery(project: Path) -> None:
    path = write(project / "pyproject.toml", '[tool.copydesk]\nselect = ["CB001"\n')
    stderr = config_error(check("story.md"))
    assert str(path) in stderr
    assert "not valid TOML" in stderr


def test_broken_pyproject_of_someone_else_is_skipped_during_discovery(project: Path) -> None:
    write(project / "pyproject.toml", "[project\nname = 'x'\n")
    assert codes(check("story.md")) == {"CB001", "ST001"}


@pytest.mark.parametrize("key", ["select", "extend-select", "ignore"])
def test_selection_error_names_the_one_key_holding_the_bad_code(project: Path, key: str) -> None:
    write(project / "copydesk.toml", f'{key} = ["CB001", "XX999"]\n')
    stderr = config_error(check("story.md"))
    assert f": {key}: unknown rule code or prefix 'XX999'" in stderr
    others = {"select", "extend-select", "ignore"} - {key}
    assert not any(f": {other}:" in stderr for other in others)
