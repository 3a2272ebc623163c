"""Shared test fixtures: the ../shared material beside the project (seeds and corpora)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import BBC, SEED_DEFECTIVE, SHARED


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
