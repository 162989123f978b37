"""Kind ``corpus``: consistency across the records of a corpus, not within one document.

Some defects are in no single record: a source that writes its dates three ways, or names a
field ``published_date`` in one record and ``publishedDate`` in the next, two records with
one id, one url given two titles. These rules are found by ``newslint corpus``, which streams
over the whole corpus; the per-document engine (``newslint check``) builds them into a check
that finds nothing, so selecting them there costs nothing.

``check`` chooses what a rule compares:

- ``date-formats``: per source (``--by``), the records whose ``field`` (``date``) is written
  in another format than most of the source's records (see
  :func:`newslint.corpus.date_format`);
- ``field-spellings``: per source, the records that spell a field name otherwise than most
  of the source's records: names are compared without case, underscores and hyphens, and
  the names of one ``synonyms`` group count as one field;
- ``duplicate-id``: every JSONL record after the first with an id, naming the first;
- ``url-conflict``: every record whose url (normalised: see
  :func:`newslint.corpus.normalise_url`) an earlier record had with another value of one
  of the ``compare`` fields (a date is compared by its day), naming the first.

The two per-source checks know the majority only at the end, so they take a second pass
over the inputs, and only when a source does mix. Memory: a counter per source and way of
writing, and per record an 8-byte digest of its id and of its url, each with the record's
place, the url's with 32-bit digests of the compared values, in flat arrays
(:class:`newslint.corpus.DigestTable`): 16 bytes a slot for ids, 24 for urls, 60 to
120 bytes a record as the tables fill and double (``benchmarks/corpus_memory.py``).

An example's ``text`` is JSONL records, one a line, run as a small corpus; ``match`` is the
id of a record the rule must report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from newslint.corpus import (
    DigestTable,
    comparable,
    date_format,
    digest,
    field_paths,
    lookup,
    normalise_key,
    normalise_url,
)
from newslint.document import Document, url_host
from newslint.finding import Finding
from newslint.rule import RuleBase
from newslint.sources import FieldMap, InputError, read_records

#: the parameters each check reads (the others are an error, not silently ignored)
_PARAMETERS = {
    "date-formats": {"field"},
    "field-spellings": {"synonyms"},
    "duplicate-id": set(),
    "url-conflict": {"compare"},
}
#: bits of a packed place that hold the record number (the rest is the file)
_RECORD_BITS = 40


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"value", "format", "majority", "source", "first", "what"}
    )
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    kind: Literal["corpus"]
    check: Literal["date-formats", "field-spellings", "duplicate-id", "url-conflict"]
    #: date-formats: the metadata field holding the date
    field: str = "date"
    #: field-spellings: groups of names that are one field (``[author, authors]``)
    synonyms: list[list[str]] = Field(default_factory=list)
    #: url-conflict: the metadata fields that must agree between records of one url
    compare: Annotated[list[str], Field(min_length=1)] = Field(
        default_factory=lambda: ["date", "title"]
    )

    @model_validator(mode="after")
    def _corpus_rule(self) -> Rule:
        if self.languages is not None:
            raise ValueError("corpus rules compare records whatever their language: no 'languages'")
        given = self.model_fields_set & {"field", "synonyms", "compare"}
        unused = given - _PARAMETERS[self.check]
        if unused:
            raise ValueError(f"check {self.check!r} does not use {', '.join(sorted(unused))}")
        for example in (*self.examples.flag, *self.examples.pass_):
            for item in example_records(example.text):
                if isinstance(item, InputError):
                    raise ValueError(f"examples must be JSONL records: {item}")
        return self

    def record_finding(self, document: Document, field: str, **values: str) -> Finding:
        """A finding about a whole record, on its metadata ``field``: there is no span, so
        ``start``/``end`` are 0 and ``line``/``column`` 1."""
        return self.finding_at(document, field, (0, 0, 1, 1, 1, 1), self.render(**values))


#: the linter of single documents leaves this kind out: ``newslint corpus`` runs it
PER_DOCUMENT = False


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Nothing to find in one document: ``newslint corpus`` runs these rules (:class:`Corpus`)."""

    def check(document: Document) -> list[Finding]:
        return []

    return check


class Records:
    """How the corpus rules of a run read records: metadata names mapped to their keys
    (``--metadata-field date=fields.date``, dotted for nested objects), the field that names
    a record's source, and each record's place packed into one integer (file, record)."""

    def __init__(self, by: str = "domain", keys: Mapping[str, str] | None = None) -> None:
        self.by = by
        self.keys = dict(keys or {})
        self._files: dict[str, int] = {}
        self._paths: list[str] = []

    def value(self, document: Document, name: str) -> Any:
        """The record's metadata ``name``, read from the key it is mapped to."""
        return lookup(document.metadata, self.keys.get(name, name))

    def source(self, document: Document) -> str | None:
        """The record's source: its ``by`` field, and for ``domain`` else its url's host."""
        value = self.value(document, self.by)
        if value is None and self.by == "domain":
            return url_host(self.value(document, "url"))
        return None if value is None else str(value)

    def place(self, document: Document) -> int:
        path = document.path or "-"
        file = self._files.get(path)
        if file is None:
            file = self._files[path] = len(self._paths)
            self._paths.append(path)
        record = 0 if document.record is None else document.record + 1
        return file << _RECORD_BITS | record

    def describe(self, place: int) -> str:
        """``path#record`` of a packed place (``path`` alone for a text file)."""
        path = self._paths[place >> _RECORD_BITS]
        record = place & ((1 << _RECORD_BITS) - 1)
        return path if record == 0 else f"{path}#{record - 1}"


class CorpusCheck:
    """One corpus rule's state over a run: ``first`` sees every record; when ``rereads``
    after the first pass, ``second`` sees every record again."""

    def __init__(self, rule: Rule, records: Records) -> None:
        self.rule = rule
        self.records = records

    def first(self, document: Document) -> list[Finding]:
        return []

    def rereads(self) -> bool:
        return False

    def second(self, document: Document) -> list[Finding]:
        return []


class MajorityCheck(CorpusCheck):
    """Per source, the ways its records write one thing (a date's format, a field's name):
    the records that write it otherwise than most are reported on the second pass, when the
    majority is known. Ties go to the way seen first."""

    def __init__(self, rule: Rule, records: Records) -> None:
        super().__init__(rule, records)
        #: (source, thing) -> records per way of writing it
        self.tally: dict[tuple[str, str], Counter[str]] = {}

    def ways(self, document: Document) -> Iterator[tuple[str, str, str]]:
        """(thing, how it is written, the value to report) for each thing in a record."""
        raise NotImplementedError

    def report(self, document: Document, thing: str, value: str, **values: str) -> Finding:
        raise NotImplementedError

    def first(self, document: Document) -> list[Finding]:
        source = self.records.source(document)
        if source is not None:
            for thing, way, _ in self.ways(document):
                ways = self.tally.get((source, thing))
                if ways is None:
                    ways = self.tally[source, thing] = Counter()
                ways[way] += 1
        return []

    def rereads(self) -> bool:
        return bool(self.majority)

    @cached_property
    def majority(self) -> dict[tuple[str, str], str]:
        """The usual way of the things a source writes in more than one way."""
        return {key: ways.most_common(1)[0][0] for key, ways in self.tally.items() if len(ways) > 1}

    def second(self, document: Document) -> list[Finding]:
        source = self.records.source(document)
        if source is None:
            return []
        found = []
        for thing, way, value in self.ways(document):
            usual = self.majority.get((source, thing))
            if usual is not None and way != usual:
                found.append(self.report(document, thing, value, majority=usual, source=source))
        return found


class DateFormats(MajorityCheck):
    def ways(self, document: Document) -> Iterator[tuple[str, str, str]]:
        value = self.records.value(document, self.rule.field)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                yield self.rule.field, date_format(text), text

    def report(self, document: Document, thing: str, value: str, **values: str) -> Finding:
        return self.rule.record_finding(
            document, thing, value=value, format=date_format(value), **values
        )


class FieldSpellings(MajorityCheck):
    def __init__(self, rule: Rule, records: Records) -> None:
        super().__init__(rule, records)
        #: normalised name -> the normalised first name of its synonym group
        self.canonical = {
            normalise_key(name): normalise_key(group[0])
            for group in rule.synonyms
            for name in group
        }
        # A corpus has few distinct field names, seen in record after record.
        self.field = lru_cache(maxsize=4096)(self._field)

    def _field(self, path: str) -> str:
        """The field a name is a spelling of: normalised, synonyms as one, under its parent."""
        parent, dot, name = path.rpartition(".")
        key = normalise_key(name)
        return f"{normalise_key(parent)}{dot}{self.canonical.get(key, key)}"

    def ways(self, document: Document) -> Iterator[tuple[str, str, str]]:
        for path in field_paths(document.metadata):
            yield self.field(path), path, path

    def report(self, document: Document, thing: str, value: str, **values: str) -> Finding:
        return self.rule.record_finding(document, value, value=value, **values)


class DuplicateIds(CorpusCheck):
    def __init__(self, rule: Rule, records: Records) -> None:
        super().__init__(rule, records)
        #: id digest -> place of its first record
        self.seen = DigestTable("Q")

    def first(self, document: Document) -> list[Finding]:
        # A text file's id is its file name; only JSONL records carry ids of their own.
        if document.record is None or document.id is None:
            return []
        place = self.records.place(document)
        (first,) = self.seen.setdefault(digest(document.id), (place,))
        if first == place:
            return []
        where = self.records.describe(first)
        return [self.rule.record_finding(document, "id", value=document.id, first=where)]


class UrlConflicts(CorpusCheck):
    def __init__(self, rule: Rule, records: Records) -> None:
        super().__init__(rule, records)
        #: url digest -> place of its first record and 32-bit digests of its compared values
        self.seen = DigestTable("Q" + "I" * len(rule.compare))

    def first(self, document: Document) -> list[Finding]:
        url = self.records.value(document, "url")
        if not isinstance(url, str) or not url.strip():
            return []
        place = self.records.place(document)
        values = [_value_digest(self.records.value(document, name)) for name in self.rule.compare]
        first, *earlier = self.seen.setdefault(digest(normalise_url(url)), (place, *values))
        if first == place:
            return []
        differ = [
            name
            for name, old, new in zip(self.rule.compare, earlier, values, strict=True)
            if old and new and old != new
        ]
        if not differ:
            return []
        where = self.records.describe(first)
        what = " and ".join(differ)
        return [self.rule.record_finding(document, differ[0], value=url, first=where, what=what)]


def _value_digest(value: Any) -> int:
    """A compared value's 32-bit digest; 0 for a missing one (it conflicts with nothing)."""
    text = comparable(value)
    return 0 if text is None else digest(text, 4) or 1


CHECKS: dict[str, type[CorpusCheck]] = {
    "date-formats": DateFormats,
    "field-spellings": FieldSpellings,
    "duplicate-id": DuplicateIds,
    "url-conflict": UrlConflicts,
}


class Corpus:
    """The corpus rules of one run over one corpus."""

    def __init__(self, rules: Iterable[Rule], records: Records | None = None) -> None:
        self.records = records or Records()
        self.checks = [CHECKS[rule.check](rule, self.records) for rule in rules]
        #: the records with no source, which the per-source checks could not look at
        self.unsourced = 0

    @property
    def per_source(self) -> list[Rule]:
        """The rules that compare a source's records with each other."""
        return [check.rule for check in self.checks if isinstance(check, MajorityCheck)]

    def run(
        self, read: Callable[[], Iterable[Document]]
    ) -> Iterator[tuple[Document, list[Finding]]]:
        """Every document of ``read()`` with its findings; then, if a source mixes ways of
        writing, the documents with findings of a second pass over ``read()``."""
        for document in read():
            self.unsourced += self.records.source(document) is None
            yield (
                document,
                [
                    finding
                    for check in self.checks
                    if check.rule.applies_to(document)
                    for finding in check.first(document)
                ],
            )
        again = [check for check in self.checks if check.rereads()]
        for document in read() if again else ():
            found = [
                finding
                for check in again
                if check.rule.applies_to(document)
                for finding in check.second(document)
            ]
            if found:
                yield document, found


def example_records(text: str) -> list[Document | InputError]:
    """The records of an example's text, read as a JSONL file named ``example.jsonl``."""
    lines = text.encode().splitlines(keepends=True)
    return [item for _, _, item in read_records(lines, "example.jsonl", FieldMap()) if item]


def run_example(rule: Rule, text: str) -> list[str]:
    """The ids of the records ``rule`` reports in an example's records, run as a corpus."""
    documents = [item for item in example_records(text) if isinstance(item, Document)]
    found = Corpus([rule]).run(lambda: documents)
    return [str(finding.id) for _, findings in found for finding in findings]
