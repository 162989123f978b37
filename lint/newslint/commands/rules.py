"""List the rules: id, name, category, severity, kind and whether (and how safely) they fix.

Takes the same selection and configuration options as `check`, so it shows exactly the
rules a check would run.
"""

from __future__ import annotations

import argparse
import json

from newslint.commands.context import (
    ERRORS,
    add_config_arguments,
    add_selection_arguments,
    report_error,
    resolve,
)
from newslint.rule import RuleBase

HELP = "list the rules that would run"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")
    add_selection_arguments(parser)
    add_config_arguments(parser)


def fixability(rule: RuleBase) -> str:
    return str(rule.fix.applicability) if rule.fix else "-"


def safe_strength(rule: RuleBase) -> float | None:
    """Where a rule's fix that is unsafe becomes safe: a concatenation rule's join at least
    this strong; None for every other rule."""
    sure = getattr(rule, "safe_strength", None)
    return sure if rule.fix is not None and rule.fix.applicability != "safe" else None


def fix_cell(rule: RuleBase) -> str:
    sure = safe_strength(rule)
    return fixability(rule) if sure is None else f"{fixability(rule)}, safe at strength {sure:g}+"


def run(args: argparse.Namespace) -> int:
    try:
        rules = sorted(resolve(args).rules, key=lambda r: r.id)  # by id, as people look them up
    except ERRORS as exc:
        return report_error(exc)
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "kind": r.kind,
                "fix": fixability(r),
                "safe_strength": safe_strength(r),
                "languages": r.languages,
            }
            for r in rules
        ]
        print(json.dumps(rows, indent=2))
        return 0
    header = ("ID", "NAME", "CATEGORY", "SEVERITY", "KIND", "FIX")
    rows = [(r.id, r.name, r.category, r.severity, r.kind, fix_cell(r)) for r in rules]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0
