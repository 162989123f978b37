"""Building rules for tests from a few keyword arguments."""

from __future__ import annotations

from typing import Any

from newslint.loader import _ADAPTER
from newslint.rule import RuleBase


def make_rule(kind: str, *, id: str = "XX001", name: str = "test-rule", **params: Any) -> RuleBase:
    """A validated rule of ``kind``; examples are placeholders unless given."""
    data: dict[str, Any] = {
        "id": id,
        "name": name,
        "category": "test",
        "severity": "warning",
        "kind": kind,
        "message": "found {match}",
        "description": "A rule made by a test.",
        "examples": {"flag": ["x"], "pass": ["y"]},
    }
    data.update(params)
    if data.get("fix") and "fix" not in data["examples"]:
        data["examples"] = {**data["examples"], "fix": [{"before": "x", "after": ""}]}
    return _ADAPTER.validate_python(data)
