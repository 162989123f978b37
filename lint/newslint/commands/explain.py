"""Explain a rule: what it finds and why, its options, its fix and its examples."""

from __future__ import annotations

import argparse
import textwrap

import yaml

from newslint.commands.context import (
    ERRORS,
    UsageError,
    add_config_arguments,
    report_error,
    resolve,
)
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
    out += [f"fix: {fix}", "", rule.description.strip(), ""]
    options = rule.model_dump(
        include=set(type(rule).model_fields) - _COMMON, exclude_defaults=False
    )
    if options:
        out.append("options:")
        dumped = yaml.safe_dump(options, allow_unicode=True, sort_keys=False, width=88)
        out.append(textwrap.indent(dumped.rstrip(), "  "))
        out.append("")
    out.append("flags:")
    out += [f"  {ex.text!r}" for ex in rule.examples.flag]
    out.append("passes:")
    out += [f"  {ex.text!r}" for ex in rule.examples.pass_]
    if rule.examples.fix:
        out.append("fixes:")
        for ex in rule.examples.fix:
            out += [f"  before: {ex.before!r}", f"  after:  {ex.after!r}"]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    try:
        rules = resolve(args, select=False).rules
        wanted = args.rule
        rule = next((r for r in rules if wanted in (r.id, r.name)), None)
        if rule is None:
            raise UsageError(f"no rule {wanted!r} (see `newslint rules`)")
    except ERRORS as exc:
        return report_error(exc)
    print(explain(rule))
    return 0
