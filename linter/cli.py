"""The `copydesk` command line: a thin layer that parses options and calls the library."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from copydesk import __version__
from copydesk.atomic import write_atomically
from copydesk.config import Config, ConfigError, find_config_file, load_config, resolve_rules
from copydesk.document import FORMATS, format_for_path
from copydesk.engine import STDIN, Target, check_targets, discover
from copydesk.registry import RuleRegistry, load_registry
from copydesk.reports import FORMATS as REPORT_FORMATS
from copydesk.reports import render
from copydesk.rule import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [str(severity) for severity in sorted(Severity, reverse=True)]


def _fail(message: str) -> NoReturn:
    click.echo(f"copydesk: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _registry() -> RuleRegistry:
    registry = load_registry()
    for warning in registry.warnings:
        click.echo(f"copydesk: warning: {warning}", err=True)
    return registry


def _codes(registry: RuleRegistry, option: str, values: tuple[str, ...]) -> list[str]:
    """`--select CB001,ST --select IN` -> ["CB001", "ST", "IN"], each checked to name a rule,
    so that a typo on the command line is not blamed on the config file."""
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    unknown = registry.unknown_selector(codes)
    if unknown is not None:
        raise ConfigError(f"option {option}: unknown rule code or prefix {unknown!r}")
    return codes


def _load_settings(config_path: Path | None, isolated: bool) -> Config:
    if isolated:
        return Config()
    path = config_path or find_config_file(Path.cwd())
    if config_path is not None and not config_path.is_file():
        raise ConfigError(f"{config_path}: no such configuration file (from --config)")
    return load_config(path) if path else Config()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """Lint articles for machine-writing defects before they are published."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--config", "config_path", type=click.Path(path_type=Path), help="Use this config file."
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--select", multiple=True, help="Rules to run (codes, prefixes, ALL), replacing the defaults."
)
@click.option("--extend-select", multiple=True, help="Rules to run as well as the selected ones.")
@click.option("--ignore", multiple=True, help="Rules not to run.")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Lowest severity that fails the run [default: warning].",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically).",
)
@click.option("-q", "--quiet", is_flag=True, help="Findings only, no summary.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: all cores]."
)
@click.option(
    "--stdin-format", type=click.Choice(FORMATS), help="Format of the article read from '-'."
)
@click.option("--stdin-filename", help="Path to report for the article read from '-'.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text report [default: on a terminal]."
)
def check(
    paths: tuple[str, ...],
    config_path: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    report_format: str,
    output: Path | None,
    quiet: bool,
    statistics: bool,
    jobs: int | None,
    stdin_format: str | None,
    stdin_filename: str | None,
    color: bool | None,
) -> None:
    """Check articles (files, directories, globs, or - for stdin).

    Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when copydesk could
    not run as asked (usage, configuration, a rule that crashed).
    """
    registry = _registry()
    try:
        config = _load_settings(config_path, isolated)
        if select:
            config.select = _codes(registry, "--select", select)
        config.extend_select += _codes(registry, "--extend-select", extend_select)
        config.ignore += _codes(registry, "--ignore", ignore)
        if fail_on:
            config.fail_on = Severity.parse(fail_on)
        active = resolve_rules(config, registry)
    except ConfigError as error:
        _fail(str(error))
    targets = discover(list(paths) or ["."], config)
    targets = [
        _with_stdin(t, stdin_format, stdin_filename) if t.path == STDIN else t for t in targets
    ]
    result = check_targets(targets, active, config, jobs)
    use_color = (
        color
        if color is not None
        else (output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    )
    report = render(report_format, result, color=use_color, statistics=statistics, quiet=quiet)
    if output is None:
        click.echo(report, nl=False, color=use_color)
    else:
        try:
            write_atomically(output, report)
        except OSError as error:
            _fail(f"{output}: cannot write the report: {error.strerror or error}")
        if report_format != "text" and not quiet:
            click.echo(f"copydesk: wrote {report_format} report to {output}", err=True)
    for error in result.errors:
        if report_format != "text":  # the text report lists them itself
            click.echo(f"copydesk: error: {error}", err=True)
    if result.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.failed else EXIT_CLEAN)


def _with_stdin(target: Target, stdin_format: str | None, stdin_filename: str | None) -> Target:
    data = sys.stdin.buffer.read()
    name = stdin_filename or STDIN
    return Target(name, stdin_format or format_for_path(name) or "text", data=data)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity, on or off by default, summary."""
    infos = _registry().infos()
    if output_format == "json":
        rows = [
            {"code": i.code, "name": i.name, "severity": str(i.severity),
             "enabled_by_default": i.enabled_by_default, "summary": i.summary}
            for i in infos
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    name_width = max((len(info.name) for info in infos), default=4)
    click.echo(f"{'CODE':<6}  {'NAME':<{name_width}}  {'SEVERITY':<8}  {'DEFAULT':<7}  SUMMARY")
    for info in infos:
        default = "on" if info.enabled_by_default else "off"
        click.echo(
            f"{info.code:<6}  {info.name:<{name_width}}  {info.severity!s:<8}  {default:<7}  "
            f"{info.summary}"
        )


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation, examples and options (by code or name)."""
    registry = _registry()
    found = registry.get(rule)
    if found is None:
        _fail(f"no rule {rule!r}; `copydesk rules` lists them")
    default = "on" if found.enabled_by_default else "off"
    click.echo(f"{found.code} {found.name} ({found.severity}, {default} by default)\n")
    click.echo(found.documentation())
    if found.options:
        click.echo("\nDefaults:")
        for option, value in found.options.items():
            click.echo(f"  {option} = {json.dumps(value)}")
        click.echo(f"\nSet them in [tool.copydesk.rules.{found.code}].")
