"""Kind ``phrase``: literal phrases, all rules of the kind compiled into one matcher.

A phrase rule lists literal strings ("Did you find this article insightful?", "Cxense
type:"). Every phrase of every phrase rule goes into a single Aho-Corasick automaton, so a
document is scanned once however many phrase rules there are; each hit is then checked
against its rule's options (case, word boundaries, where on the line it sits).

Options:

``case_sensitive`` (default false)
    match the phrase's case exactly.
``word_boundary`` (default true)
    a phrase that starts or ends with a letter or digit must not continue a word there.
``anchor``: ``anywhere`` (default), ``line-start`` or ``line``
    ``line-start``: only blanks or a bullet may come before the phrase on its line;
    ``line``: the phrase is the whole line, save blanks and closing punctuation.
``report``: ``match`` (default) or ``line``
    report the phrase itself, or the whole line that holds it.

Example (YAML)::

    - id: NL120
      name: engagement-prompt
      kind: phrase
      phrases: ["Did you find this article insightful?"]
      anchor: line
      fix: {action: delete-line, applicability: safe}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Literal

import ahocorasick_rs
from pydantic import Field

from newslint.document import Document, encodable
from newslint.finding import Finding
from newslint.rule import RuleBase

_BULLETS = " \t*•·‣▪–—-=>#|"
_CLOSERS = " \t.:;!?…)]\"'’”"


class Rule(RuleBase):
    kind: Literal["phrase"]
    phrases: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    case_sensitive: bool = False
    word_boundary: bool = True
    anchor: Literal["anywhere", "line-start", "line"] = "anywhere"
    report: Literal["match", "line"] = "match"


def trie_regex(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, shaped as a trie.

    A trie keeps the engine from trying hundreds of alternatives at every position: it
    branches only where the phrases differ. It matches case-insensitively where
    lowercasing would move offsets (see :class:`_Matcher`).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Matcher:
    """All phrases of the rules that read one field, in one automaton per case mode."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.exact: dict[str, list[Rule]] = {}
        self.folded: dict[str, list[Rule]] = {}
        for rule in rules:
            for phrase in rule.phrases:
                if rule.case_sensitive:
                    self.exact.setdefault(phrase, []).append(rule)
                else:
                    self.folded.setdefault(phrase.lower(), []).append(rule)
        # Case-insensitive phrases are matched against the lowercased text. lower() keeps
        # offsets only when it keeps the length (it does for all but a few characters,
        # such as "İ"); otherwise a trie regex with IGNORECASE is run on the text itself.
        self.exact_automaton = _automaton(self.exact)
        self.folded_automaton = _automaton(self.folded)
        self.exact_rules = list(self.exact.values())
        self.folded_rules = list(self.folded.values())
        folded = trie_regex(self.folded) if self.folded else None
        self.folded_slow = re.compile(folded, re.IGNORECASE) if folded else None

    def scan(self, text: str) -> Iterable[tuple[Rule, int, int]]:
        if self.exact_automaton is not None:
            for index, start, end in matches_in(self.exact_automaton, text):
                for rule in self.exact_rules[index]:
                    yield rule, start, end
        if self.folded_automaton is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                for index, start, end in matches_in(self.folded_automaton, lowered):
                    for rule in self.folded_rules[index]:
                        yield rule, start, end
            else:
                for m in self.folded_slow.finditer(text):  # type: ignore[union-attr]
                    for rule in self.folded[m.group().lower()]:
                        yield rule, m.start(), m.end()


def matches_in(
    automaton: ahocorasick_rs.AhoCorasick, text: str, overlapping: bool = False
) -> list[tuple[int, int, int]]:
    """``automaton``'s matches in ``text`` as (pattern index, start, end), in code points;
    in a text with a lone surrogate (which the automaton, in Rust, cannot take as UTF-8),
    the matches in the same text with U+FFFD there: no phrase holds either."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=overlapping)
    except UnicodeEncodeError:
        return automaton.find_matches_as_indexes(encodable(text), overlapping=overlapping)


def _automaton(phrases: Iterable[str]) -> ahocorasick_rs.AhoCorasick | None:
    """An automaton finding ``phrases`` as the trie regex finds them: at the first place
    where one starts, the longest, then on from its end (an Aho-Corasick automaton in
    Rust scans several times faster than Python's regex engine runs the trie)."""
    phrases = list(phrases)
    if not phrases:
        return None
    return ahocorasick_rs.AhoCorasick(phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def _accepts(rule: Rule, text: str, start: int, end: int) -> bool:
    if rule.word_boundary:
        if start > 0 and _is_word(text[start]) and _is_word(text[start - 1]):
            return False
        if end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
            return False
    if rule.anchor == "anywhere":
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(_BULLETS):
        return False
    if rule.anchor == "line":
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end == -1 else line_end]
        return not rest.strip(_CLOSERS)
    return True


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the line(s) holding ``[start, end)``, without surrounding blanks."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    segment = text[line_start:line_end]
    lead = len(segment) - len(segment.lstrip())
    return line_start + lead, line_start + len(segment.rstrip())


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Compile all phrase rules into one matcher per field they read."""
    by_field: dict[str, list[Rule]] = {}
    for rule in rules:
        for field in rule.fields:
            by_field.setdefault(field, []).append(rule)
    matchers = {field: _Matcher(group) for field, group in by_field.items()}

    def check(document: Document) -> list[Finding]:
        findings = []
        for field, matcher in matchers.items():
            text = document.fields.get(field)
            if not text:
                continue
            for rule, start, end in matcher.scan(text):
                if not _accepts(rule, text, start, end):
                    continue
                if rule.report == "line":
                    start, end = line_bounds(text, start, end)
                fix = rule.make_fix(text, start, end)
                findings.append(rule.finding(document, field, start, end, fix))
        return findings

    return check
