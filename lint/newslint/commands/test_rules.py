"""Run rules' own examples: every `flag` text must be flagged (at `match`, if given),
every `pass` text must not be, and every `fix` example must fix to its `after` text.

With FILES, tests the rules in those YAML files (or directories); without, the rules a
check would run (built-in and configured). For people writing their own rules.
"""

from __future__ import annotations

import argparse

from newslint.commands.context import (
    ERRORS,
    add_config_arguments,
    report_error,
    resolve,
)
from newslint.examples import check_rules
from newslint.loader import load_rules
from newslint.reporters.base import plural

HELP = "run the examples of rule files (for rule authors)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="rule files or directories (default: the rules a check runs)",
    )
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        rules = load_rules(args.files) if args.files else resolve(args, select=False).rules
    except ERRORS as exc:
        return report_error(exc)
    failures = check_rules(rules)
    for failure in failures:
        print(f"FAIL {failure}")
    examples = sum(
        len(r.examples.flag) + len(r.examples.pass_) + len(r.examples.fix) for r in rules
    )
    failed_rules = len({f.rule for f in failures})
    where = f" (in {plural(failed_rules, 'rule')})" if failures else ""
    print(
        f"{plural(len(rules), 'rule')}, {plural(examples, 'example')}: "
        f"{examples - len(failures)} passed, {len(failures)} failed{where}"
    )
    return 1 if failures else 0
