"""Reading YAML rule files into validated rules, with errors that name file, rule and field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union

import yaml
from pydantic import Field, TypeAdapter, ValidationError

from newslint.kinds import KINDS
from newslint.rule import RuleBase

AnyRule = Annotated[
    Union[tuple(kind.Rule for kind in KINDS.values())],  # noqa: UP007 - built from the registry
    Field(discriminator="kind"),
]
_ADAPTER: TypeAdapter = TypeAdapter(AnyRule)
RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Problem:
    """One error in a rule file."""

    path: str
    line: int | None
    rule: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.rule:
            parts.append(f"rule {self.rule}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + ": " + self.message


class RuleFileError(Exception):
    """A rule file (or set of files) is invalid; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def builtin_rules_dir() -> Path:
    """Where the built-in rule packs are: inside the installed package, or the checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """Rule files named by ``paths``: files as given, directories searched for YAML."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in RULE_SUFFIXES))
        else:
            out.append(p)
    return out


def _node_line(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """1-based line of the YAML node at ``loc`` (as deep as it exists) under ``node``."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                match = next((k for k, _ in node.value if k.value == key), None)
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _field_path(loc: Sequence[Any], kind: Any) -> list[Any]:
    # A discriminated union puts the tag ('phrase') first in the location; it is not a field.
    loc = list(loc)
    if loc and loc[0] == kind:
        loc = loc[1:]
    return [("pass" if part == "pass_" else part) for part in loc]


#: libyaml's loader where PyYAML was built with it: the same data and marks as the pure
#: Python one, ten times faster (which is most of reading the built-in rules at start-up)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_rules(text: str, path: str) -> list[RuleBase]:
    """Validate the rules in one YAML document; raise :class:`RuleFileError` listing all errors.

    The document is either a list of rules or a mapping with a ``rules`` list.
    """
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise RuleFileError([Problem(path, line, None, None, f"invalid YAML: {exc}")]) from None
    in_mapping = isinstance(data, dict)
    if in_mapping:
        unknown = set(data) - {"rules", "description"}
        if unknown:
            msg = f"unknown top-level key(s) {sorted(unknown)}; expected 'rules'"
            raise RuleFileError([Problem(path, 1, None, None, msg)])
        data = data.get("rules")
    if not isinstance(data, list):
        msg = "expected a list of rules (or a mapping with a 'rules' list)"
        raise RuleFileError([Problem(path, 1, None, None, msg)])
    rules: list[RuleBase] = []
    errors: list[tuple[int, str, list[Any], str | None, str]] = []
    for index, raw in enumerate(data):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        label = str(rule_id) if rule_id else f"#{index + 1}"
        try:
            rules.append(_ADAPTER.validate_python(raw))
        except ValidationError as exc:
            kind = raw.get("kind") if isinstance(raw, dict) else None
            for err in exc.errors(include_url=False):
                loc = _field_path(err["loc"], kind)
                field = ".".join(str(p) for p in loc) or ("kind" if "tag" in err["type"] else None)
                errors.append((index, label, loc, field, err["msg"].removeprefix("Value error, ")))
    if errors:
        # The nodes, for line numbers, only now: composing them costs as much as loading.
        root = yaml.compose(text, Loader=_LOADER)
        seq_node = _node_line_node(root, "rules") if in_mapping else root
        problems = []
        for index, label, loc, field, msg in errors:
            node = seq_node.value[index] if isinstance(seq_node, yaml.SequenceNode) else None
            problems.append(Problem(path, _node_line(node, loc), label, field, msg))
        raise RuleFileError(problems)
    return rules


def _node_line_node(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        return next((v for k, v in root.value if k.value == key), None)
    return None


def load_file(path: str | Path) -> list[RuleBase]:
    """Rules from one YAML file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([Problem(str(path), None, None, None, f"cannot read: {exc}")]) from None
    return parse_rules(text, str(path))


def rule_data(rule: RuleBase) -> dict[str, Any]:
    """A rule as plain data, which :func:`rule_from_data` makes into the rule again (to send
    rules to other processes: a compiled rule holds what does not pickle)."""
    return rule.model_dump(mode="json", by_alias=True, exclude_unset=True)


def rule_from_data(data: dict[str, Any]) -> RuleBase:
    return _ADAPTER.validate_python(data)


@cache
def builtin_rules() -> tuple[RuleBase, ...]:
    """The built-in rule packs, loaded once per process."""
    return tuple(load_rules([builtin_rules_dir()]))


def load_rules(paths: Iterable[str | Path], *, taken: Sequence[RuleBase] = ()) -> list[RuleBase]:
    """Rules from every file under ``paths``. Ids and names must be unique across those
    files and must not reuse one of ``taken`` (the built-in rules, when adding to them)."""
    rules: list[RuleBase] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for rule in taken:
        seen[rule.id] = seen[rule.name] = "the built-in rules"
    for path in rule_files(paths):
        try:
            loaded = load_file(path)
        except RuleFileError as exc:
            problems.extend(exc.problems)
            continue
        for rule in loaded:
            for key in (rule.id, rule.name):
                if key in seen:
                    problems.append(
                        Problem(
                            str(path),
                            None,
                            rule.id,
                            "id" if key == rule.id else "name",
                            f"{key!r} is already defined in {seen[key]}",
                        )
                    )
                seen[key] = str(path)
            rules.append(rule)
    if problems:
        raise RuleFileError(problems)
    return rules
