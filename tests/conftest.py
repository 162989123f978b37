"""Shared fixtures. Tests never read ../shared: the seeds are the project's own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_192a94052bf9c21c.txt"
SEED_003 = SEEDS / "003_2ba4b2c5fd7b7a25.txt"

#: The keys of a finding in the JSON findings contract (DESIGN.md), in order.
CONTRACT_KEYS = [
    "path", "record", "id", "rule", "name", "category", "severity", "message", "field",
    "line", "column", "end_line", "end_column", "start", "end", "fix",
]  # fmt: skip


@pytest.fixture
def seed_000() -> str:
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture
def seed_003() -> str:
    return SEED_003.read_text(encoding="utf-8")
