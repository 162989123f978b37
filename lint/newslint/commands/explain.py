"""Explain a rule: what it finds and why, its options, its fix and its examples."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

import yaml

from newslint.commands.context import (
    ERRORS,
    UsageError,
    add_config_arguments,
    report_error,
    resolve,
)
from newslint.engine import TIMEOUT_RULE
from newslint.rule import RuleBase

HELP = "explain a rule, with its examples"

_COMMON = set(RuleBase.model_fields) - {"kind"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="rule id (NL101) or name (paywall-fields)")
    add_config_arguments(parser)


def explain(rule: RuleBase) -> str:
    """The text `newslint explain` prints for ``rule``."""
    out = [f"{rule.id} {rule.name}", ""]
    out.append(f"category: {rule.category}   severity: {rule.severity}   kind: {rule.kind}")
    if rule.languages:
        out.append(f"languages: {', '.join(rule.languages)}")
    fix = f"{rule.fix.action} ({rule.fix.applicability})" if rule.fix else "none"
    out.append(f"fix: {fix}")
    out.append(
        "message placeholders: " + ", ".join(f"{{{p}}}" for p in sorted(rule.placeholders()))
    )
    out += ["", rule.description.strip(), ""]
    options = rule.model_dump(  # by alias: as a rule file writes them ("schema")
        include=set(type(rule).model_fields) - _COMMON, exclude_defaults=False, by_alias=True
    )
    if options:
        out.append("options:")
        dumped = yaml.safe_dump(options, allow_unicode=True, sort_keys=False, width=88)
        out.append(textwrap.indent(dumped.rstrip(), "  "))
        out.append("")
    out.append("flags:")
    out += [line for ex in rule.examples.flag for line in _example(ex.text, ex.metadata)]
    out.append("passes:")
    out += [line for ex in rule.examples.pass_ for line in _example(ex.text, ex.metadata)]
    if rule.examples.fix:
        out.append("fixes:")
        for ex in rule.examples.fix:
            out += [f"  before: {ex.before!r}", f"  after:  {ex.after!r}"]
            out += _metadata(ex.metadata, "    ")
            if ex.metadata_after:
                out.append(f"    metadata after: {ex.metadata_after!r}")
    return "\n".join(out)


def _example(text: str, metadata: dict[str, Any]) -> list[str]:
    """An example's text, and its metadata where it has any (what the example is about,
    for a rule that reads metadata)."""
    return [f"  {text!r}", *_metadata(metadata, "    ")]


def _metadata(metadata: dict[str, Any], indent: str) -> list[str]:
    return [f"{indent}metadata: {metadata!r}"] if metadata else []


#: the engine's own finding, which no rule file holds
TIMEOUT = f"""{TIMEOUT_RULE} document-timeout

category: engine   severity: warning   kind: none (the engine's own)
fix: none

A document whose checks took longer than the time limit (--timeout, or
document-timeout in the configuration: 10 s by default, 0 for none) was cut short. It
keeps the findings of the rule kinds that finished; this finding, at the start of its
text, names the time limit and the kinds whose rules did not finish, and the run goes on
with the next document. --select and --ignore do not apply to it."""


def run(args: argparse.Namespace) -> int:
    try:
        rules = resolve(args, select=False).rules
        wanted = args.rule
        if wanted in (TIMEOUT_RULE, "document-timeout"):
            print(TIMEOUT)
            return 0
        rule = next((r for r in rules if wanted in (r.id, r.name)), None)
        if rule is None:
            raise UsageError(f"no rule {wanted!r} (see `newslint rules`)")
    except ERRORS as exc:
        return report_error(exc)
    print(explain(rule))
    return 0
