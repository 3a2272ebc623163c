"""Shared test fixtures: the ../shared material beside the project (seeds and corpora)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COPYDESK_SHARED", REPO.parent / "shared"))
SEED_DEFECTIVE = SHARED / "seeds" / "000_912e2efdb077eb74.txt"
SEED_CLEAN = SHARED / "seeds" / "002_7a3fb2abc5888194.txt"
BBC = SHARED / "corpus" / "bbc"


@pytest.fixture
def shared() -> Path:
    """The ../shared folder; tests that need it skip with a reason when it is missing."""
    if not SEED_DEFECTIVE.is_file():
        pytest.skip(f"../shared is not beside the project (looked in {SHARED})")
    return SHARED


@pytest.fixture
def bbc_corpus() -> Path:
    if not BBC.is_dir():
        pytest.skip(f"the BBC corpus is missing (looked in {BBC})")
    return BBC
