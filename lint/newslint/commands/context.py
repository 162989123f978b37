"""What every subcommand needs first: the configuration and the rules it selects."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from newslint import config as config_module
from newslint.config import Config, ConfigError, Fields, Loaded
from newslint.loader import RuleFileError, builtin_rules, load_rules
from newslint.rule import RuleBase
from newslint.selection import Selection, UnknownSelector, layered
from newslint.sources import FieldMap, input_holding


class UsageError(Exception):
    """A problem with what the user asked for: reported on stderr, exit code 2."""


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def add_config_arguments(parser: argparse.ArgumentParser, *, rules: bool = True) -> None:
    """--config and --isolated; with ``rules``, the options that add rule files too."""
    group = parser.add_argument_group("configuration")
    group.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (newslint.yaml or pyproject.toml) instead of the "
        "nearest one found upwards from the current directory",
    )
    group.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    if not rules:
        return
    group.add_argument(
        "--rules",
        dest="rule_files",
        metavar="PATH",
        action="append",
        help="extra YAML rule file or directory (repeatable; added to the configured ones)",
    )
    group.add_argument(
        "--no-builtin-rules",
        dest="builtin_rules",
        action="store_false",
        default=None,
        help="use only the rules from --rules and the configuration",
    )


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "rule selection",
        "SELECTORS are comma-separated rule ids (NL101), id prefixes (NL1), rule names "
        "(paywall-fields), categories (boilerplate) or ALL; the most specific one wins.",
    )
    group.add_argument(
        "--select",
        metavar="SELECTORS",
        action="append",
        help="run only these rules (replaces the configured selection)",
    )
    group.add_argument(
        "--extend-select", metavar="SELECTORS", action="append", help="run these rules as well"
    )
    group.add_argument(
        "--ignore", metavar="SELECTORS", action="append", help="do not run these rules"
    )


def add_report_arguments(group: argparse._ActionsContainer, formats: list[str]) -> None:
    """``--format``, ``-o`` and ``--fail-on``: how a command that reports findings writes them
    and which of them fail the run."""
    group.add_argument(
        "--format", choices=formats, default="text", help="output format (default: text)"
    )
    group.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output (not an input, nor a "
        "file the walk of an input directory would read)",
    )
    group.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that makes the exit code 1 (default: warning)",
    )


def add_progress_argument(group: argparse._ActionsContainer) -> None:
    group.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress line on a terminal",
    )


def add_timeout_argument(group: argparse._ActionsContainer) -> None:
    """``--timeout``: the time limit per document (``document-timeout`` in the config)."""
    group.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="cut a document's checks short after SECONDS, with an NL000 finding "
        "(default: 10; 0: no limit)",
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more: {value!r}")
    return seconds


def add_source_argument(group: argparse._ActionsContainer) -> None:
    """``--by``: what tells the sources of a corpus apart (as ``document_source`` reads it)."""
    group.add_argument(
        "--by",
        default="domain",
        metavar="FIELD",
        help="metadata field that names a document's source (default: domain, else the url's host)",
    )


def record_key(value: str) -> str:
    """A JSONL key given on the command line: an empty one would silently mean the default."""
    if not value.strip():
        raise argparse.ArgumentTypeError("expected a key, not an empty string")
    return value


def add_record_arguments(group: argparse._ActionsContainer, metadata_help: str) -> None:
    """The JSONL keys a command reads, and the name of what it reads from standard input."""
    group.add_argument(
        "--text-field",
        type=record_key,
        metavar="KEY",
        help="JSONL key (Parquet column) of the article text",
    )
    group.add_argument(
        "--id-field",
        type=record_key,
        metavar="KEY",
        help="JSONL key (Parquet column) of the record id",
    )
    group.add_argument(
        "--metadata-field", metavar="NAME=KEY", action="append", default=[], help=metadata_help
    )
    group.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name (and so format, by suffix) of the text read from -",
    )


def field_map(args: argparse.Namespace, fields: Fields) -> FieldMap:
    """The keys records are read with: the command line's options over the configuration's."""
    return FieldMap(
        text=getattr(args, "text_field", None) or fields.text,
        id=getattr(args, "id_field", None) or fields.id,
        title=getattr(args, "title_field", None) or fields.title,
        metadata={**fields.metadata, **metadata_fields(getattr(args, "metadata_field", []))},
    )


def open_report(
    stack: ExitStack,
    path: str | None,
    default: TextIO,
    inputs: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> TextIO:
    """The stream a report goes to: ``path`` (``-o``), opened on ``stack``, else ``default``.
    A ``path`` that reading ``inputs`` (with ``exclude``) would take is refused before
    anything is written to it: the report would overwrite, or be read as, an input."""
    if not path:
        return default
    given = input_holding(inputs, path, exclude)
    if given is not None:
        if Path(given).is_dir():
            why = f"it lies in the input directory {given}, which would read it; exclude it"
        else:
            why = f"it is the input {given}, which it would overwrite"
        raise UsageError(f"cannot write the report to {path}: {why}")
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8", errors="backslashreplace"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc}") from None


def metadata_fields(items: list[str]) -> dict[str, str]:
    """``--metadata-field NAME=KEY`` options as a mapping NAME -> KEY."""
    fields = {}
    for item in items:
        name, sep, key = item.partition("=")
        if not sep or not name or not key:
            raise UsageError(f"--metadata-field expects NAME=KEY, got {item!r}")
        fields[name] = key
    return fields


@dataclass
class Context:
    loaded: Loaded
    rules: list[RuleBase]

    @property
    def config(self) -> Config:
        return self.loaded.config


def load_config(args: argparse.Namespace) -> Loaded:
    if getattr(args, "isolated", False):
        return Loaded(config=Config())
    if getattr(args, "config", None):
        path = Path(args.config)
        if not path.is_file():
            raise ConfigError(f"{path}: no such configuration file")
        return config_module.load(path)
    return config_module.discover()


def resolve(args: argparse.Namespace, *, select: bool = True) -> Context:
    """Configuration plus the selected rules, with command-line options applied."""
    loaded = load_config(args)
    cfg = loaded.config
    builtin = cfg.builtin_rules if getattr(args, "builtin_rules", None) is None else False
    setting = f"{loaded.path}: setting" if loaded.path else "setting"
    given = [(f"{setting} 'rules'", path) for path in loaded.rule_paths()]
    given += [("--rules", Path(path)) for path in getattr(args, "rule_files", None) or []]
    for origin, path in given:
        if not path.exists():
            raise UsageError(f"{origin}: rule path {path} does not exist")
    base = builtin_rules() if builtin else ()
    rules = [*base, *load_rules([path for _, path in given], taken=base)]
    if select:
        chosen = _split(getattr(args, "select", None))
        if chosen == []:  # "--select ''" (an empty $RULES): running nothing would pass
            raise UsageError(
                "--select: no rule named; give ids, prefixes, names, categories or ALL"
            )
        extend = _split(getattr(args, "extend_select", None)) or []
        ignore = _split(getattr(args, "ignore", None)) or []
        # Each list is checked on its own, so that an unknown selector's error says where
        # it was written.
        for origin, selectors in (
            (f"{setting} 'select'", cfg.select or []),
            (f"{setting} 'extend-select'", cfg.extend_select),
            (f"{setting} 'ignore'", cfg.ignore),
            ("--select", chosen or []),
            ("--extend-select", extend),
            ("--ignore", ignore),
        ):
            try:
                Selection(select=tuple(selectors)).validate(rules)
            except UnknownSelector as exc:
                raise UsageError(f"{origin}: {exc}") from None
        # The configuration's choice, then the command line's over it.
        from_file = Selection(
            tuple(cfg.select or ["ALL"]), tuple(cfg.extend_select), tuple(cfg.ignore)
        )
        from_options = Selection(tuple(chosen or ()), tuple(extend), tuple(ignore))
        rules = layered(rules, [from_file, from_options])
    return Context(loaded=loaded, rules=rules)


def report_error(exc: Exception) -> int:
    """Print a configuration, rule-file or usage error; return exit code 2."""
    if isinstance(exc, RuleFileError):
        for problem in exc.problems:
            print(f"newslint: error: {problem}", file=sys.stderr)
    else:
        for line in str(exc).splitlines():
            print(f"newslint: error: {line}", file=sys.stderr)
    return 2


ERRORS = (ConfigError, RuleFileError, UsageError)
