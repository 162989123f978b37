"""Kind ``metadata``: a record's metadata checked against a declared schema.

The rule declares the schema: for each metadata field, its ``type`` and whether it is
``required``. The schema becomes a pydantic model (one per rule, built once), and each
record's metadata is validated against it; each ``check`` reports one kind of problem:

``required``
    a required field is absent or empty.
``format``
    a value is not of its type: a ``date`` that does not parse, a ``url`` that is not an
    http(s) address with a host, a ``language`` that is not a language code (BCP 47, as
    ``langcodes`` knows them), a ``list`` that is not a list of strings. A date in
    another format than ISO 8601 is reported too, with a fix that rewrites it as ISO 8601
    where that loses nothing ("Feb 9, 2021", "2021/02/09", "Tue, 09 Feb 2021 10:00:00
    GMT"); a date such as "09/02/2021" (9 February or 2 September?) gets no fix.
``future``
    a ``date`` field later than the record's crawl date (``crawl_field``, else today) by
    more than ``max_future_days``.

A finding's ``field`` is the metadata field's name and its span the value's text (empty for
a missing field). Example (YAML)::

    - id: NL501
      name: metadata-required
      kind: metadata
      check: required
      schema:
        title: {type: string, required: true}
        date: {type: date, required: true}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, ValidationError, create_model

from newslint.dates import iso_date, lossless_iso, parse_date
from newslint.document import Document
from newslint.finding import Applicability, Edit, Finding, Fix
from newslint.rule import RuleBase, Strict

FieldType = Literal["string", "date", "url", "language", "list"]


class FieldSpec(Strict):
    """One metadata field of the schema."""

    type: FieldType = "string"
    required: bool = False


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "key", "reason", "iso"})
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"normalize"})

    kind: Literal["metadata"]
    check: Literal["required", "format", "future"]
    schema_: dict[str, FieldSpec] = Field(alias="schema", min_length=1)
    crawl_field: str = "crawled_at"
    max_future_days: int = Field(default=1, ge=0)

    @cached_property
    def model(self) -> Any:
        """The schema as a pydantic model: a field's value is validated by its type."""
        fields: dict[str, Any] = {
            key: (Annotated[Any, BeforeValidator(_VALIDATORS[spec.type])], None)
            for key, spec in self.schema_.items()
        }
        return create_model(f"Metadata_{self.id}", **fields)


def _check_string(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _check_url(value: Any) -> Any:
    if value is None:
        return value
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) address with a host")
    if " " in value.strip():
        raise ValueError("an address has no spaces")
    return value


def _check_language(value: Any) -> Any:
    # Imported on first use: its tables take 20 ms to load (3% of checking one file), and
    # a run whose records name no language never needs them.
    import langcodes

    if value is not None and not (isinstance(value, str) and langcodes.tag_is_valid(value)):
        raise ValueError("not a language code")
    return value


def _check_list(value: Any) -> Any:
    if value is not None and not (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        raise ValueError("not a list of strings")
    return value


def _check_date(value: Any) -> Any:
    if value is not None and parse_date(value) is None:
        raise ValueError("not a date")
    return value


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "string": _check_string,
    "date": _check_date,
    "url": _check_url,
    "language": _check_language,
    "list": _check_list,
}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _findings(rule: Rule, document: Document) -> list[Finding]:
    metadata = document.metadata
    if not metadata:
        return []  # a plain text, without a record's metadata to check
    if rule.check == "required":
        return [
            rule.finding(document, key, 0, 0, key=key)
            for key, spec in rule.schema_.items()
            if spec.required and not _present(metadata.get(key))
        ]
    if rule.check == "future":
        return _future(rule, document)
    values = {key: metadata.get(key) for key in rule.schema_ if _present(metadata.get(key))}
    findings = []
    try:
        rule.model.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            key = str(error["loc"][0])
            reason = str(error["msg"]).removeprefix("Value error, ")
            text = document.text_of(key)
            findings.append(rule.finding(document, key, 0, len(text), key=key, reason=reason))
    bad = {f.field for f in findings}
    for key, spec in rule.schema_.items():
        value = values.get(key)
        if spec.type == "date" and isinstance(value, str) and key not in bad:
            findings.extend(_not_iso(rule, document, key, value))
    return findings


def _not_iso(rule: Rule, document: Document, key: str, value: str) -> list[Finding]:
    if iso_date(value) is not None:
        return []
    iso = lossless_iso(value)
    fix = None
    if iso is not None and rule.fix is not None:
        fix = Fix((Edit(0, len(value), iso),), Applicability(rule.fix.applicability))
    reason = "not ISO 8601" + ("" if iso else " (and no rewrite is sure of its meaning)")
    return [rule.finding(document, key, 0, len(value), fix, key=key, reason=reason, iso=iso or "")]


def _future(rule: Rule, document: Document) -> list[Finding]:
    crawled = parse_date(document.metadata.get(rule.crawl_field))
    limit = _as_date(crawled) if crawled is not None else dt.date.today()
    findings = []
    for key, spec in rule.schema_.items():
        if spec.type != "date":
            continue
        value = parse_date(document.metadata.get(key))
        if value is not None and (_as_date(value) - limit).days > rule.max_future_days:
            text = document.text_of(key)
            findings.append(rule.finding(document, key, 0, len(text), key=key))
    return findings


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Each metadata rule validates the record's metadata against its schema."""

    def check(document: Document) -> list[Finding]:
        return [f for rule in rules for f in _findings(rule, document)]

    return check
