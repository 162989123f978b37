"""The ``newslint`` command line: argument parsing and dispatch to ``newslint.commands``.

``newslint PATHS…`` is short for ``newslint check PATHS…``, so ``newslint --fix`` works.
Exit codes: 0 no finding at or above ``--fail-on``; 1 findings; 2 usage, configuration or
input error.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from newslint import __version__
from newslint.commands import COMMANDS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

DESCRIPTION = """\
newslint finds what scraping leaves in news text (leaked page boilerplate, words run
together, broken datelines, metadata that disagrees with the article) with rules written
in YAML, reports each finding with its exact position, and fixes what is safe to fix.

`newslint PATHS...` is short for `newslint check PATHS...`.
"""

EPILOG = """\
exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (or, with --diff, fixes to apply); with --baseline
     only new ones count, and --max-rate fails on a rate exceeded
  2  usage, configuration, rule-file or input error (e.g. a broken JSONL line)

examples:
  newslint seeds/                          check a folder of articles
  newslint --fix corpus.jsonl.gz           apply the safe fixes in place
  newslint --diff --unsafe-fixes a.txt     show every fix as a diff, write nothing
  newslint check --format sarif -o out.sarif corpus/
  newslint --baseline base.json corpus/    fail only on findings not in base.json
  newslint rules                           list the rules
  newslint explain NL101                   what a rule finds, with examples
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with usage, like every CLI tool
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"newslint: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newslint",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in COMMANDS.items():
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run newslint with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "check")
    parser = build_parser()
    namespace = parser.parse_args(args)
    for stream in (sys.stdout, sys.stderr):
        # A record's id or text may hold a lone surrogate (a "\ud800" escape in its JSON):
        # it is written escaped rather than ending the run.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return namespace.run(namespace)
    except KeyboardInterrupt:
        print("newslint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `newslint ... | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
