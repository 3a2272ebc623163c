"""The human-written BBC corpus: every file is checked, and human news raises no alarm."""

from __future__ import annotations

from copydesk.config import Config, resolve_rules
from copydesk.engine import check_targets, discover
from copydesk.registry import load_registry
from copydesk.rule import Severity


def test_bbc_corpus_checks_every_file_and_only_the_broken_encoding_is_an_error(bbc_corpus):
    config = Config(root=bbc_corpus)
    targets = discover([str(bbc_corpus)], config)
    on_disk = {p for p in bbc_corpus.rglob("*") if p.suffix.lower() == ".txt"}
    assert len(targets) == len(on_disk) >= 2225

    result = check_targets(targets, resolve_rules(config, load_registry(False)), config, jobs=2)

    assert result.errors == []
    assert result.files == len(on_disk)
    alarms = [f for f in result.findings if f.severity >= Severity.WARNING]
    # Human-written news: the one file that is not valid UTF-8 is the only alarm.
    assert [(f.path.replace("\\", "/").split("bbc/")[-1], f.code) for f in alarms] == [
        ("sport/199.txt", "IN003")
    ]
    assert (alarms[0].line, alarms[0].column) == (5, 176)
