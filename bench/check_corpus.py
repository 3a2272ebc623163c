"""Wall time, throughput and peak memory of `copydesk check` over the BBC corpus.

Runs the installed `copydesk` command as a user would (start-up included) several times and
reports the median. Usage: python bench/check_corpus.py [CORPUS_DIR] [--runs N] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def count_articles(corpus: Path) -> int:
    return sum(1 for p in corpus.rglob("*") if p.suffix.lower() in {".txt", ".md", ".html"})


def timed_run(command: list[str]) -> tuple[float, dict]:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        sys.exit(f"copydesk failed ({completed.returncode}):\n{completed.stderr}")
    return elapsed, json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    executable = shutil.which("copydesk") or sys.exit("copydesk is not installed")
    command = [executable, "check", str(args.corpus), "--format", "json", "--isolated"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    times = []
    report: dict = {}
    for _ in range(args.runs):
        elapsed, report = timed_run(command)
        times.append(elapsed)
    # ru_maxrss of children is the largest single process (the main one or one worker), in KiB.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    median = statistics.median(times)
    files = report["files"]
    by_severity: dict[str, int] = {}
    for finding in report["findings"]:
        by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    print(f"corpus            {args.corpus} ({count_articles(args.corpus)} article files)")
    print(f"cores             {os.cpu_count()}, jobs {args.jobs or 'default (all cores)'}")
    print(f"files checked     {files}")
    print(f"findings          {len(report['findings'])} {by_severity}")
    print(f"wall time         median {median:.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f})")  # fmt: skip
    print(f"throughput        {files / median:,.0f} articles/s (start-up included)")
    print(f"peak RSS          {peak_mib:.0f} MiB (largest single process)")


if __name__ == "__main__":
    main()
