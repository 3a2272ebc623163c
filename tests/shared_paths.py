"""Where the tests find ../shared (seeds and corpora); $COPYDESK_SHARED overrides it."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COPYDESK_SHARED", REPO.parent / "shared"))
SEED_DEFECTIVE = SHARED / "seeds" / "000_912e2efdb077eb74.txt"
BBC = SHARED / "corpus" / "bbc"
