"""Check articles for scraping defects; optionally fix them in place (--fix) or show the
fixes as a diff (--diff).

PATHS are .txt/.md files (one article each, optional YAML front matter), .jsonl/.ndjson
files (optionally .gz or .zst), .parquet files (with the parquet extra), directories
(searched recursively), or - for standard input.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from typing import TextIO

from newslint import collector
from newslint.commands.context import (
    ERRORS,
    UsageError,
    add_config_arguments,
    add_progress_argument,
    add_record_arguments,
    add_report_arguments,
    add_selection_arguments,
    add_timeout_argument,
    field_map,
    open_report,
    record_key,
    report_error,
    resolve,
)
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Finding, Severity
from newslint.fixer import FixResult, fix_document
from newslint.gate import Baseline, Gate, GateError, RateLimit
from newslint.kinds import checks_documents
from newslint.progress import Progress
from newslint.reporters import REPORTERS, Summary, make_reporter
from newslint.reporters.base import plural
from newslint.rule import RuleBase
from newslint.runner import Runner, default_jobs
from newslint.sources import InputError, Source, iter_sources
from newslint.worker import Checked, Checker
from newslint.writing import rewritable

HELP = "check articles and corpora (the default command)"
FORMATS = [name for name in REPORTERS if name != "statistics"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        default=["."],
        help="files, directories or - (default: the current directory)",
    )
    fixing = parser.add_argument_group("fixing")
    fixing.add_argument(
        "--fix", action="store_true", help="apply the safe fixes in place (atomically)"
    )
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        default=None,
        help="with --fix or --diff, apply the unsafe fixes too",
    )
    fixing.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff and change no file"
    )
    output = parser.add_argument_group("output")
    add_report_arguments(output, FORMATS)
    output.add_argument(
        "--statistics", action="store_true", help="print counts per rule instead of the findings"
    )
    output.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (errors still exit 2)",
    )
    output.add_argument(
        "--no-show-source",
        dest="show_source",
        action="store_false",
        default=None,
        help="do not print the source line under each finding",
    )
    add_progress_argument(output)
    add_timeout_argument(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes for checking (default: all cores; the output is the same, in "
        "the same order, as with 1; a pool starts at once for a file of 8 MB or more, else "
        "after a second of checking; --fix and --diff run in one process)",
    )
    inputs = parser.add_argument_group("input")
    add_record_arguments(
        inputs,
        "read metadata NAME (date, url, source, language…) from KEY, and never from a key "
        "named NAME; a dotted KEY the record lacks is a path into nested objects (meta.date)",
    )
    inputs.add_argument(
        "--title-field",
        type=record_key,
        metavar="KEY",
        help="JSONL key (Parquet column) of the headline",
    )
    inputs.add_argument(
        "--language",
        type=_language,
        metavar="CODE",
        help="language of documents whose metadata does not say (default: en)",
    )
    inputs.add_argument(
        "--exclude",
        metavar="GLOB",
        action="append",
        default=[],
        help="skip files matching GLOB when walking directories",
    )
    gate = parser.add_argument_group(
        "CI gate",
        "Fail only on new findings (--baseline), or on too many documents with findings\n"
        "(--max-rate). The baseline is applied first; rates count the new findings.",
    )
    gate.add_argument(
        "--baseline",
        metavar="FILE",
        help="do not report or fail on the findings recorded in FILE (see --write-baseline)",
    )
    gate.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the fingerprints of every finding of this run in FILE and exit 0",
    )
    gate.add_argument(
        "--max-rate",
        metavar="SELECTOR=RATE",
        action="append",
        default=[],
        help="findings of the rules SELECTOR names (an id, prefix, name or category) fail the "
        "run only if more than RATE (0.01, 1/100 or 1%%) of the documents have one (repeatable)",
    )
    add_selection_arguments(parser)
    add_config_arguments(parser)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more: {value!r}")
    return jobs


def _language(value: str) -> str:
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise argparse.ArgumentTypeError(f"expected a language code (en, de, fr…): {value!r}")
    return code


class Run:
    """One check/fix/diff run over all sources; keeps the counts the summary reports."""

    def __init__(
        self,
        args: argparse.Namespace,
        linter: Linter,
        reporter,
        gate: Gate,
        max_iterations: int,
        unsafe: bool,
        diff_stream: TextIO,
        report_name: str = "text",
    ) -> None:
        """``report_name``: the format ``reporter`` writes, for workers that write it too."""
        self.args = args
        self.linter = linter
        self.reporter = reporter
        self.gate = gate
        self.max_iterations = max_iterations
        self.unsafe = unsafe
        self.diff_stream = diff_stream
        self.progress = Progress(enabled=False if args.progress is False else None)
        self.jobs = args.jobs if args.jobs is not None else default_jobs()
        self.checker = Checker(gate, reporter, unsafe)
        self.report_name = report_name
        self.counts = self.checker.counts
        self.fixed = 0
        self.diffs = 0
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)
        print(f"newslint: error: {message}", file=sys.stderr)

    def warn(self, message: str) -> None:
        print(f"newslint: warning: {message}", file=sys.stderr)

    def record(self, document: Document, findings: list[Finding]) -> None:
        self.progress.update(1, self.checker.record(document, findings))

    def absorb(self, checked: Checked) -> None:
        """Write the report of a chunk a worker checked, and count it."""
        for part in checked.parts:
            if isinstance(part, InputError):
                self.error(str(part))
            else:
                self.reporter.stream.write(part)
        self.counts.add(checked.counts)
        self.gate.add_counts(checked.gate)
        self.progress.update(checked.counts.documents, checked.counts.findings)

    def fix(self, document: Document) -> FixResult:
        result = fix_document(
            self.linter, document, unsafe=self.unsafe, max_iterations=self.max_iterations
        )
        where = _where(document)
        if not result.converged:
            # Half-way through fixes that do not settle is no state to write: as it was.
            self.error(
                f"{where}: fixes did not reach a fixed point after {self.max_iterations} "
                "rounds; the rules' fixes keep changing the text, so it is left as it was"
            )
            return FixResult(document, result.found, remaining=result.found, converged=False)
        for finding, reason in result.dropped:
            # Not an error: newslint did its job (it kept the text), and the finding stays
            # among the remaining ones, so the exit code is that of the findings.
            self.warn(f"{where}: fix for {finding.rule} not applied: {reason}")
        return result

    def check_sources(
        self, sources: Iterable[Source | InputError], jobs: int | None = None
    ) -> None:
        """Check every source, in a pool of ``jobs`` processes (default ``--jobs``) once that
        is worth it.

        Workers write the report themselves when the format streams; else they send each
        document's findings back, and the report is written here.
        """
        reporter = self.reporter
        report = (self.report_name, reporter.options()) if reporter.streaming else None
        jobs = self.jobs if jobs is None else jobs
        with Runner(self.linter, jobs, report=report, gate=self.gate, unsafe=self.unsafe) as runner:
            for result in runner.check(sources):
                if isinstance(result, InputError):
                    self.error(str(result))
                elif isinstance(result, Checked):
                    self.absorb(result)
                else:
                    self.record(*result)

    def fix_source(self, source: Source) -> None:
        if not rewritable(source):
            self.error(
                f"{source.display}: --fix cannot write {source.format} files; "
                "checked without fixing (--diff shows the fixes)"
            )
            self.check_sources([source], jobs=1)  # --fix runs in one process, as documented
            return

        def transform(document: Document) -> dict[str, str] | None:
            result = self.fix(document)
            self.fixed += len(result.applied)
            self.record(result.document, result.remaining)
            if not result.changed:
                return None
            return {k: v for k, v in result.document.fields.items() if document.fields.get(k) != v}

        fixed_before = self.fixed
        stats = source.rewrite(transform)
        for err in stats.errors:
            self.error(str(err))
        if stats.changed and not stats.written:  # the file was left as it was
            unwritten, self.fixed = self.fixed - fixed_before, fixed_before
            fixes = "fix made in it was" if unwritten == 1 else "fixes made in it were"
            self.error(f"{source.display}: {unwritten} {fixes} not written: still to do")

    def diff_source(self, source: Source) -> None:
        for item in source.documents():
            if isinstance(item, InputError):
                self.error(str(item))
                continue
            result = self.fix(item)
            self.record(item, result.found)
            self.fixed += len(result.applied)
            for name, new in result.document.fields.items():
                old = item.text_of(name)  # a metadata value fixed as text was not a field
                if new != old:
                    self.diffs += 1
                    label = _where(item) + (
                        "" if name == "text" and item.record is None else f" [{name}]"
                    )
                    for line in difflib.unified_diff(
                        old.splitlines(keepends=True),
                        new.splitlines(keepends=True),
                        fromfile=f"a/{label}",
                        tofile=f"b/{label}",
                    ):
                        # A last line without its newline is marked as diff and patch mark
                        # it, on whichever side it is, so the next line is not glued to it.
                        if not line.endswith("\n"):
                            line += "\n\\ No newline at end of text\n"
                        self.diff_stream.write(line)


def _where(document: Document) -> str:
    where = document.path or "-"
    if document.record is not None:
        where += f"#{document.record}" + (f" (id {document.id})" if document.id else "")
    return where


def make_gate(args: argparse.Namespace, rules: list[RuleBase], fail_on: Severity) -> Gate:
    """The run's gate: the baseline read (so that a missing one stops the run before it
    starts) and the rate limits parsed and checked against the rules."""
    if args.diff and (args.baseline or args.write_baseline or args.max_rate):
        # A diff's exit code says whether there are fixes; the gate has nothing to decide.
        raise UsageError("--diff cannot be combined with --baseline, --write-baseline, --max-rate")
    return Gate(
        rules,
        fail_on,
        baseline=Baseline.load(args.baseline) if args.baseline else None,
        limits=[RateLimit.parse(text) for text in args.max_rate],
        fingerprint=bool(args.write_baseline),
    )


def finish_gate(gate: Gate, documents: int, write_to: str | None) -> bool:
    """Print the gate's summary lines, write the baseline if asked; whether a rate limit
    is exceeded."""
    over, lines = gate.verdict(documents)
    if write_to:
        snapshot = gate.snapshot()
        snapshot.write(write_to)
        lines.append(f"wrote baseline {write_to}: {plural(snapshot.counts.total(), 'finding')}")
    for line in lines:
        print(f"newslint: {line}", file=sys.stderr)
    return over


def run(args: argparse.Namespace) -> int:
    try:
        context = resolve(args)
        cfg = context.config
        fields = field_map(args, cfg.fields)
    except ERRORS as exc:
        return report_error(exc)
    if not any(checks_documents(rule.kind) for rule in context.rules):
        ids = ", ".join(rule.id for rule in context.rules) or "none"
        message = f"the selection leaves no rule that checks documents (selected: {ids})"
        if context.rules:
            message += "; corpus rules run in `newslint corpus`"
        return report_error(UsageError(message))
    if args.fix and args.diff:
        return report_error(UsageError("--fix and --diff cannot be combined"))
    if args.statistics and args.format != "text":
        message = f"--statistics prints a table of its own; it cannot be --format {args.format}"
        return report_error(UsageError(message))
    fail_on = Severity.parse(args.fail_on or cfg.fail_on)
    try:
        gate = make_gate(args, context.rules, fail_on)
    except (UsageError, GateError) as exc:
        return report_error(exc)
    unsafe = cfg.unsafe_fixes if args.unsafe_fixes is None else args.unsafe_fixes
    show_source = cfg.show_source if args.show_source is None else args.show_source
    timeout = cfg.document_timeout if args.timeout is None else args.timeout
    linter = Linter(context.rules, language=args.language or cfg.language, timeout=timeout)
    collector.batch()
    fixing_stdin = args.fix and "-" in args.paths

    with ExitStack() as stack:
        # The fixed text of standard input goes to stdout, so the report goes to stderr.
        default = sys.stderr if fixing_stdin or args.diff else sys.stdout
        try:
            stream = open_report(
                stack, args.output, default, args.paths, cfg.exclude + args.exclude
            )
        except UsageError as exc:
            return report_error(exc)
        report_name = "statistics" if args.statistics else args.format
        reporter = make_reporter(
            report_name,
            stream,
            rules=context.rules,
            show_source=show_source,
            unsafe_fixes=unsafe,
        )
        state = Run(
            args,
            linter,
            reporter,
            gate,
            cfg.max_fix_iterations,
            unsafe,
            diff_stream=sys.stdout,
            report_name=report_name,
        )
        reporter.start()
        sources = iter_sources(
            args.paths,
            fields=fields,
            exclude=cfg.exclude + args.exclude,
            stdin_filename=args.stdin_filename,
        )
        try:
            if args.fix or args.diff:
                for source in sources:
                    if isinstance(source, InputError):
                        state.error(str(source))
                    elif args.fix:
                        state.fix_source(source)
                    else:
                        state.diff_source(source)
            else:
                state.check_sources(sources)
        finally:
            state.progress.close()
        counts = state.counts
        reporter.finish(
            Summary(
                documents=counts.documents,
                findings=counts.findings,
                fixed=state.fixed,
                fixable=counts.fixable,
                remaining=counts.findings if args.fix else None,
                errors=tuple(state.errors),
                hidden=counts.hidden,
            )
        )
    try:
        over = finish_gate(gate, state.counts.documents, args.write_baseline)
    except GateError as exc:
        return report_error(exc)
    if state.errors:
        return 2
    if args.exit_zero or args.write_baseline:
        return 0
    if args.diff:
        return 1 if state.diffs else 0
    return 1 if state.counts.failing or over else 0
