"""Mining boilerplate: lines that repeat across many documents of one source.

A site's page furniture (its newsletter offer, its "Continue reading the main story", its
author boxes) is printed on every page, so an extractor leaks the same lines into document
after document of that source, while the story's own lines differ from page to page.
:class:`LineCounter` streams over documents and counts, per source, in how many documents
each line occurs; :func:`rule_pack` turns the lines that recur often enough into a YAML rule
pack (one ``lines`` rule per source) for people to review and ``newslint check`` to run.

Memory is bounded: lines are counted by a 64-bit hash of their text with the Misra-Gries
algorithm over ``capacity`` counters (the text is kept for counted lines only). Any line
that occurs in more than ``total / capacity`` of the documents-lines seen is certain to be
kept, and a kept count is low by at most that much (``LineCounter.error``), so the result
is exact unless more distinct lines compete for the counters than there is room for.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

#: bytes per counter (key, count, source and a 50-character line), measured; longer lines
#: take more
BYTES_PER_COUNTER = 300
#: a line worth counting has a letter or a digit in it
_HAS_WORD = re.compile(r"\w")


def _line_hash(source: str, line: str) -> int:
    digest = hashlib.blake2b(f"{source}\0{line}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True)
class RepeatedLine:
    """A line that occurs in ``documents`` of its source's documents."""

    source: str
    line: str
    documents: int


def countable_lines(text: str, min_chars: int = 3) -> set[str]:
    """The distinct lines of a document that are counted: stripped, at least ``min_chars``
    long, with a letter or a digit (the local miner and Spark's count the same lines)."""
    return {
        line
        for line in {line.strip() for line in text.split("\n")}
        if len(line) >= min_chars and _HAS_WORD.search(line)
    }


def by_frequency(repeated: Iterable[RepeatedLine]) -> list[RepeatedLine]:
    """Repeated lines per source in source order, most frequent first."""
    return sorted(repeated, key=lambda r: (r.source, -r.documents, r.line))


class LineCounter:
    """In how many documents of each source each line occurs, in bounded memory."""

    def __init__(self, capacity: int = 200_000, min_chars: int = 3) -> None:
        self.capacity = capacity
        self.min_chars = min_chars
        #: hash -> documents counted (Misra-Gries counters)
        self._counts: dict[int, int] = {}
        #: hash -> (source, line), for the counted lines only
        self._lines: dict[int, tuple[str, str]] = {}
        #: documents seen per source
        self.documents: Counter[str] = Counter()
        #: how much any kept count may be below the truth
        self.error = 0

    def add(self, source: str, text: str) -> None:
        """Count the distinct lines of one document of ``source``."""
        self.documents[source] += 1
        for line in countable_lines(text, self.min_chars):
            key = _line_hash(source, line)
            if key in self._counts:
                self._counts[key] += 1
            elif len(self._counts) < self.capacity:
                self._counts[key] = 1
                self._lines[key] = (source, line)
            else:
                self._decrement()

    def _decrement(self) -> None:
        # Misra-Gries: a line finding no free counter takes one from every counted line;
        # each decrement matches an earlier increment, so this costs O(1) per line overall.
        self.error += 1
        for key in list(self._counts):
            count = self._counts[key] - 1
            if count:
                self._counts[key] = count
            else:
                del self._counts[key]
                del self._lines[key]

    def repeated(self, min_documents: int = 5, min_share: float = 0.02) -> list[RepeatedLine]:
        """Lines in at least ``min_documents`` documents of their source and at least
        ``min_share`` of them; most frequent first, per source in source order."""
        found = []
        for key, count in self._counts.items():
            source, line = self._lines[key]
            if count >= min_documents and count >= min_share * self.documents[source]:
                found.append(RepeatedLine(source, line, count))
        return by_frequency(found)


def _kebab(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rule_pack(
    repeated: Iterable[RepeatedLine],
    documents: Counter[str],
    *,
    by: str = "domain",
    id_prefix: str = "NLM",
    category: str = "boilerplate",
    max_lines: int = 200,
) -> str:
    """A YAML rule pack with one ``lines`` rule per source, the counts and shares of its
    lines in comments, ready to review and to run with ``newslint check --rules``."""
    by_source: dict[str, list[RepeatedLine]] = {}
    for item in repeated:
        by_source.setdefault(item.source, []).append(item)
    out = [
        "# Mined by `newslint mine`: lines that repeat across documents of one source.",
        f"# Sources are told apart by the {by!r} field. Review before use: a repeated line",
        "# can be a sentence a site prints in many stories on purpose. The fixes are unsafe",
        "# (they run only with --unsafe-fixes) until you have.",
        "description: Lines repeated across documents of the same source.",
        "rules:" if by_source else "rules: []",
    ]
    names: set[str] = set()
    for number, (source, items) in enumerate(sorted(by_source.items()), start=1):
        name = f"mined-{_kebab(source)}"[:60].rstrip("-") or "mined"
        while name in names:
            name = f"{name}-{number}"
        names.add(name)
        shown = items[:max_lines]
        total = documents[source]
        top = shown[0].line
        out += [
            "",
            f"  - id: {id_prefix}{number:03d}",
            f"    name: {name}",
            f"    category: {category}",
            "    severity: warning",
            "    kind: lines",
            f"    when: {{{by}: {_quote(source)}}}",
            f"    message: {_quote('Line repeated across ' + source + ' documents: {match}')}",
            "    description: |",
            f"      {len(items)} lines that repeat across the {total:,} documents of {source}",
            "      in the mined corpus: page furniture the extractor kept."
            + (f" The {max_lines} most frequent are listed." if len(items) > max_lines else ""),
            "    lines:",
        ]
        for item in shown:
            share = item.documents / total
            out.append(f"      # in {item.documents:,} of {total:,} documents ({share:.0%})")
            out.append(f"      - {_quote(item.line)}")
        meta = f"{{{by}: {_quote(source)}}}"
        other = f"{{{by}: {_quote('not-' + source)}}}"
        out += [
            "    fix: {action: delete-line, applicability: unsafe}",
            "    examples:",
            "      flag:",
            f"        - text: {_quote(top)}",
            f"          metadata: {meta}",
            "      pass:",
            f"        - text: {_quote(top)}",
            f"          metadata: {other}",
            "      fix:",
            f"        - before: {_quote('Story text.' + chr(10) + top + chr(10))}",
            f"          after: {_quote('Story text.' + chr(10))}",
            f"          metadata: {meta}",
        ]
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)
