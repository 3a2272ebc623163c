"""Runs rules over documents: file discovery, parallel linting, suppression, stable ordering."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from copydesk.config import ActiveRule, Config
from copydesk.document import (
    FORMAT_BY_SUFFIX,
    Document,
    InputProblem,
    ProblemKind,
    load_document,
    read_document,
)
from copydesk.result import CheckResult, RunError
from copydesk.rule import Finding, Rule, RuleInfo
from copydesk.suppression import apply_suppressions

STDIN = "-"
_GLOB_CHARACTERS = set("*?[")


@dataclass(frozen=True, slots=True)
class Target:
    """One article to check: a path on disk, or `-` with the bytes read from stdin."""

    path: str
    format: str | None = None
    data: bytes | None = None
    missing: str | None = None


def discover(arguments: Sequence[str], config: Config) -> list[Target]:
    """Expand paths, directories (recursively, known extensions, honouring `exclude`) and
    globs into targets. Paths named explicitly are checked even if `exclude` matches them;
    a path that does not exist becomes a target that reports it."""
    targets: list[Target] = []
    seen: set[str] = set()

    def add(target: Target) -> None:
        if target.path not in seen:
            seen.add(target.path)
            targets.append(target)

    for argument in arguments:
        if argument == STDIN:
            add(Target(STDIN))
        elif os.path.isdir(argument):
            for path in _walk(argument, config):
                add(Target(path))
        elif os.path.lexists(argument):
            add(Target(argument))
        elif _GLOB_CHARACTERS & set(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            articles = [m for m in matches if os.path.isfile(m) and _is_article(m)]
            for path in articles:
                if not config.exclude_spec.match_file(config.relative(path)):
                    add(Target(path))
            if not articles:
                add(Target(argument, missing="no article matches this glob"))
        else:
            add(Target(argument, missing="no such file or directory"))
    return targets


def _is_article(path: str) -> bool:
    return Path(path).suffix.lower() in FORMAT_BY_SUFFIX


def _walk(directory: str, config: Config) -> Iterable[str]:
    exclude = config.exclude_spec
    found = []
    for root, dirnames, filenames in os.walk(directory):
        kept = []
        for name in dirnames:
            relative = config.relative(os.path.join(root, name)) + "/"
            if not name.startswith(".") and not exclude.match_file(relative):
                kept.append(name)
        dirnames[:] = sorted(kept)
        for name in filenames:
            path = os.path.join(root, name)
            if _is_article(name) and not exclude.match_file(config.relative(path)):
                found.append(path)
    return sorted(found)


def lint_document(
    document: Document, rules: Sequence[Rule], config: Config | None = None
) -> tuple[list[Finding], list[RunError]]:
    """Findings of `rules` on one document after inline suppression and per-file ignores.
    A rule that raises is reported as a RunError; the other rules still run."""
    findings: list[Finding] = []
    errors: list[RunError] = []
    for rule in rules:
        if document.unparsed and not rule.reads_raw_input:
            continue
        if not rule.applies_to(document):
            continue
        try:
            found = list(rule.check(document))
        except Exception as error:  # one broken rule must not stop the others
            errors.append(
                RunError(f"rule crashed: {type(error).__name__}: {error}", document.path, rule.code)
            )
            continue
        stray = next((item for item in found if not isinstance(item, Finding)), None)
        if stray is not None:
            message = f"rule yielded {type(stray).__name__}, not a Finding; its results are dropped"
            errors.append(RunError(message, document.path, rule.code))
            continue
        findings.extend(found)
    findings = apply_suppressions(document, findings)
    if config is not None and config.per_file_ignores:
        findings = _per_file_ignored(document.path, findings, config)
    findings.sort(key=Finding.sort_key)
    return findings, errors


def _per_file_ignored(path: str, findings: list[Finding], config: Config) -> list[Finding]:
    relative = config.relative(path)
    ignored = [codes for spec, codes in config.per_file_ignore_specs if spec.match_file(relative)]
    if not ignored:
        return findings
    return [
        finding
        for finding in findings
        if not any(finding.code.startswith(code.upper()) for codes in ignored for code in codes)
    ]


def load_target(target: Target) -> Document:
    if target.missing:
        problem = InputProblem(ProblemKind.UNREADABLE, f"cannot read: {target.missing}")
        return Document(target.path, "text", "", problems=[problem], unparsed=True)
    if target.data is not None:
        return load_document(target.path, target.data, target.format or "text")
    return read_document(target.path, target.format)


# -- parallel runs -----------------------------------------------------------------------------
# Each worker process builds its rule instances once, in the initializer, instead of receiving
# them with every file.

_worker_rules: list[Rule] = []
_worker_config: Config | None = None


def _init_worker(active: list[ActiveRule], config: Config) -> None:
    global _worker_config
    _worker_rules[:] = [rule.instantiate() for rule in active]
    _worker_config = config


def _check_in_worker(target: Target) -> tuple[list[Finding], list[RunError]]:
    return check_target(target, _worker_rules, _worker_config)


def check_target(
    target: Target, rules: Sequence[Rule], config: Config | None
) -> tuple[list[Finding], list[RunError]]:
    """Read, parse and lint one target. Rules are guarded in lint_document; this guards the
    reading and parsing, so one file that breaks a parser is reported and the run goes on."""
    try:
        document = load_target(target)
    except Exception as error:  # a parser bug on one file must not end the run
        return [], [RunError(f"could not parse: {type(error).__name__}: {error}", target.path)]
    return lint_document(document, rules, config)


def default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _startable(
    active: Sequence[ActiveRule], errors: list[RunError]
) -> tuple[list[ActiveRule], list[Rule]]:
    """Instantiate every rule once up front: one whose constructor fails (a plugin missing a
    resource) is reported and left out, before any worker process depends on it."""
    kept: list[ActiveRule] = []
    instances: list[Rule] = []
    for rule in active:
        try:
            instances.append(rule.instantiate())
        except Exception as error:  # plugin code may fail in any way
            message = f"rule could not start: {type(error).__name__}: {error}"
            errors.append(RunError(message, None, rule.rule.code))
            continue
        kept.append(rule)
    return kept, instances


def check_targets(
    targets: Sequence[Target], active: Sequence[ActiveRule], config: Config, jobs: int | None = None
) -> CheckResult:
    """Lint every target, in a process pool when there is more than one file and job."""
    jobs = jobs or default_jobs()
    findings: list[Finding] = []
    errors: list[RunError] = []
    active, rules = _startable(active, errors)
    on_disk = [target for target in targets if target.data is None]
    in_memory = [target for target in targets if target.data is not None]
    if jobs > 1 and len(on_disk) > 1:
        chunksize = max(1, min(64, len(on_disk) // (jobs * 8)))
        try:
            with ProcessPoolExecutor(
                max_workers=min(jobs, len(on_disk)),
                initializer=_init_worker,
                initargs=(list(active), config),
            ) as pool:
                for found, failed in pool.map(_check_in_worker, on_disk, chunksize=chunksize):
                    findings.extend(found)
                    errors.extend(failed)
        except BrokenProcessPool:
            message = (
                "a worker process died (out of memory, or a crash inside a parser); files after "
                "the last one reported were not checked. Run with --jobs 1 to find the file."
            )
            errors.append(RunError(message))
        serial = in_memory
    else:
        serial = list(targets)
    for target in serial:
        found, failed = check_target(target, rules, config)
        findings.extend(found)
        errors.extend(failed)
    findings.sort(key=Finding.sort_key)
    return CheckResult(
        paths=[target.path for target in targets],
        findings=findings,
        errors=errors,
        rules=[RuleInfo.of(rule.rule) for rule in active],
        fail_on=config.fail_on,
    )
