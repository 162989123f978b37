"""A Python regular expression rewritten for RE2 so that it matches at least as much.

The pattern kind asks an RE2 set which rules can match a text at all, and runs Python's
``re`` only for those (:mod:`newslint.kinds.accelerator`). That is exact only if the
rewritten pattern matches wherever Python's does: it may match more, never less. Two
engines do not agree on the meaning of the same syntax (``\\s`` holds ``\\x1c``-``\\x1f``
in Python only; caseless ``i`` matches ``İ`` in Python only; ``^`` after a final newline;
``\\b`` around combining marks…), so the pattern is not handed over as written. It is
parsed by the ``re`` module's own parser and written out again, over the bytes of the
text in UTF-8 (RE2 reads them as Latin-1), from the parse tree:

- every character, class and category becomes a set of code points computed from
  Python's own answers (``re`` itself is asked which characters ``\\w``, ``\\s`` and
  ``\\d`` hold) and, under ``ignore_case``, closed under Python's case mapping; the set
  is written as its ASCII bytes and the UTF-8 sequences of its other characters, or, when
  it has many of those, as "one or more bytes past ASCII": RE2's Unicode tables and case
  folding are never used;
- what Python decides by context is loosened: lookarounds and word boundaries are
  dropped, ``\\Z`` and ``$`` both become a line end,
  lazy, possessive and atomic repeats plain ones, long counted repeats open-ended;
- what cannot be loosened into a regular expression (back-references, conditionals, the
  ``ASCII`` and ``LOCALE`` flags) is refused with :class:`Untranslatable`: that rule keeps
  running in Python on every text.

Only the Basic Multilingual Plane is classified (a pass over all 1.1 million code points
would cost a third of a second at start-up); a code point past it counts as a member of
every class, negated ones too, which is loose but never wrong. Case variants past it are
not worked out: :attr:`Superset.bmp_only` says when that matters.
"""

from __future__ import annotations

import _sre
import bisect
import re
import re._casefix as re_casefix
import re._constants as c
import re._parser as re_parser
from functools import cache
from typing import NamedTuple

MAX = 0x10FFFF
#: a set of code points: sorted, disjoint, non-adjacent inclusive ranges
Ranges = tuple[tuple[int, int], ...]
#: code points past the Basic Multilingual Plane: never classified, always let through
ASTRAL: Ranges = ((0x10000, MAX),)
EVERYTHING: Ranges = ((0, 0xD7FF), (0xE000, MAX))  # UTF-8 has no surrogates
NOTHING: Ranges = ()


class Untranslatable(ValueError):
    """The pattern has a construct with no regular superset written here."""


class Superset(NamedTuple):
    """A pattern in RE2 syntax that matches wherever a Python pattern does."""

    expression: str
    #: only in a text without characters past the BMP: the pattern matches case-insensitively
    #: and a character past the BMP might be a case variant of one of its letters
    bmp_only: bool


def superset(pattern: str, ignore_case: bool = False) -> Superset:
    """RE2 syntax (for UTF-8 bytes read as Latin-1, the text between two newlines) for
    a pattern that matches wherever ``pattern`` (compiled with ``re.MULTILINE``, and
    ``re.IGNORECASE`` if ``ignore_case``) matches in the text, and perhaps elsewhere too."""
    flags = re.MULTILINE | (re.IGNORECASE if ignore_case else 0)
    try:
        tree = re_parser.parse(pattern, flags)
    except re.error as exc:
        raise Untranslatable(str(exc)) from None
    _check_flags(tree.state.flags)
    writer = _Writer()
    expression = writer.sequence(tree, tree.state.flags, first=True, last=True)
    return Superset(expression, writer.folded)


_SUPPORTED_FLAGS = c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_MULTILINE | c.SRE_FLAG_DOTALL
_SUPPORTED_FLAGS |= c.SRE_FLAG_VERBOSE | c.SRE_FLAG_UNICODE


def _check_flags(flags: int) -> None:
    if flags & ~_SUPPORTED_FLAGS:
        raise Untranslatable("only the i, m, s, x and u flags are translated")


class _Writer:
    """Writes a parse tree out as RE2 syntax, one node at a time."""

    def __init__(self) -> None:
        #: whether a class was closed under case mapping (in the BMP only)
        self.folded = False

    def sequence(self, items: object, flags: int, first: bool, last: bool) -> str:
        """The items in a row; ``first``, ``last``: nothing comes before, after them in
        the pattern."""
        items = list(items)  # type: ignore[call-overload]
        end = len(items) - 1
        return "".join(
            self.item(op, av, flags, first and i == 0, last and i == end)
            for i, (op, av) in enumerate(items)
        )

    def item(self, op: object, av: object, flags: int, first: bool, last: bool) -> str:
        folded = bool(flags & c.SRE_FLAG_IGNORECASE)
        if op is c.LITERAL:
            if folded and _sre.unicode_iscased(av):
                self.folded = True
                return _class(_closure(((av, av),)))  # type: ignore[arg-type]
            return _class(((av, av),))  # type: ignore[arg-type]
        if op is c.NOT_LITERAL:
            if folded and _sre.unicode_iscased(av):
                return _class(EVERYTHING)  # its case variants, not worked out: let all in
            return _class(_complement(((av, av),)))  # type: ignore[arg-type]
        if op is c.ANY:
            dotall = flags & c.SRE_FLAG_DOTALL
            return _class(EVERYTHING if dotall else _complement(((10, 10),)))
        if op is c.IN:
            inner, outer, closed = _set(av, folded)  # type: ignore[arg-type]
            self.folded = self.folded or closed
            return _class(outer)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = av  # type: ignore[misc]
            inner = self.sequence(body, flags, first=False, last=False)
            # A counted repeat is unrolled into a program of that many copies: [^\n]{0,200}
            # over UTF-8 makes a large one. Fewer required and any number allowed is looser.
            if high is c.MAXREPEAT or high > MAX_BOUND:
                return f"(?:{inner}){{{min(low, MAX_BOUND)},}}"
            return f"(?:{inner}){{{low},{high}}}"
        if op is c.SUBPATTERN:
            _, add, remove, body = av  # type: ignore[misc]
            _check_flags(add | remove)
            return f"(?:{self.sequence(body, (flags | add) & ~remove, first, last)})"
        if op is c.ATOMIC_GROUP:
            return f"(?:{self.sequence(av, flags, first, last)})"
        if op is c.BRANCH:
            _, branches = av  # type: ignore[misc]
            return "(?:" + "|".join(self.sequence(b, flags, first, last) for b in branches) + ")"
        if op is c.AT:
            return _anchor(av, first, last)
        if op in (c.ASSERT, c.ASSERT_NOT):
            return ""  # a condition the match must also meet: without it, more matches
        raise Untranslatable(f"no regular superset of {op}")


def _anchor(at: object, first: bool, last: bool) -> str:
    # The set is given the text between two newlines of its own (Accelerator.matches):
    # a line start is just after a newline, a line end just before one. At the start (end)
    # of the pattern an anchor is that newline; elsewhere, where what comes before (after)
    # may have taken the newline, it is dropped. The rule runs with MULTILINE, and a line
    # of its text may be searched alone, up to its end: there \Z holds as well as $.
    if at is c.AT_BEGINNING_STRING:  # the text's start, even for a search from further on
        return "^\\n" if first else ""
    if at is c.AT_BEGINNING:
        return "\\n" if first else ""
    if at in (c.AT_END, c.AT_END_STRING):
        return "\\n" if last else ""
    if at in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY):
        return ""
    raise Untranslatable(f"no translation of {at}")


#: the largest repeat count written out as it is
MAX_BOUND = 8


def _set(items: object, folded: bool) -> tuple[Ranges, Ranges, bool]:
    """The code points a class holds, at least and at most, as (inner, outer), and
    whether the class was closed under case mapping."""
    negated = False
    parts: list[tuple[Ranges, Ranges]] = []
    cased = False
    for op, av in items:  # type: ignore[attr-defined]
        if op is c.NEGATE:
            negated = True
        elif op is c.LITERAL:
            parts.append((((av, av),), ((av, av),)))
            cased = cased or av > 0xFFFF or bool(_sre.unicode_iscased(av))
        elif op is c.RANGE:
            low, high = av
            parts.append((((low, high),), ((low, high),)))
            cased = cased or high > 0xFFFF or _any_cased(low, high)
        elif op is c.CATEGORY:
            parts.append(_category(av))
        else:
            raise Untranslatable(f"no translation of {op} in a class")
    inner = _union(*(p[0] for p in parts))
    outer = _union(*(p[1] for p in parts))
    closed = folded and cased
    if closed:
        # Python tests the lowercase of the character against the class (plus a few
        # extra pairs): every case variant of a member may match, and which exactly is not
        # worked out, so a negated class of cased letters lets everything through.
        inner, outer = NOTHING, _closure(outer)
    if negated:
        return _complement(outer), _complement(inner), closed
    return inner, outer, closed


def _any_cased(low: int, high: int) -> bool:
    if high - low > 0x3000:
        return True  # not worth the loop: assume so, which is the loose answer
    return any(_sre.unicode_iscased(code) for code in range(low, high + 1))


@cache
def _category(name: object) -> tuple[Ranges, Ranges]:
    """(inner, outer) of ``\\w``, ``\\s``, ``\\d`` or their negations: the BMP characters
    Python's ``re`` puts in it, without and with every code point past the BMP."""
    positive = {
        c.CATEGORY_WORD: r"\w+",
        c.CATEGORY_NOT_WORD: r"\w+",
        c.CATEGORY_SPACE: r"\s+",
        c.CATEGORY_NOT_SPACE: r"\s+",
        c.CATEGORY_DIGIT: r"\d+",
        c.CATEGORY_NOT_DIGIT: r"\d+",
    }.get(name)
    if positive is None:
        raise Untranslatable(f"no translation of {name}")
    runs = tuple((m.start(), m.end() - 1) for m in re.finditer(positive, _bmp()))
    # _bmp() has no surrogates: indexes past them are shifted back to code points.
    members = _merge([(_code_point(a), _code_point(b)) for a, b in runs])
    if name in (c.CATEGORY_NOT_WORD, c.CATEGORY_NOT_SPACE, c.CATEGORY_NOT_DIGIT):
        members = _difference_bmp(members)
    return members, _union(members, ASTRAL)


@cache
def _bmp() -> str:
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))


def _code_point(index: int) -> int:
    return index if index < 0xD800 else index + 0x800


def _difference_bmp(members: Ranges) -> Ranges:
    """The BMP code points (surrogates aside) not in ``members``."""
    return _complement(_union(members, ASTRAL))


@cache
def _components() -> dict[int, frozenset[int]]:
    """The BMP characters that Python's case-insensitive matching may take for one
    another, grouped: each with its lowercase (``_sre``'s own mapping) and the extra pairs
    ``re`` adds (``re._casefix``), joined transitively."""
    groups: dict[int, set[int]] = {}

    def join(a: int, b: int) -> None:
        group = groups.get(a, {a}) | groups.get(b, {b})
        for member in group:
            groups[member] = group

    lower = _sre.unicode_tolower
    for code, low in zip(range(0x10000), map(lower, range(0x10000)), strict=True):
        if code != low:
            join(code, low)
    for code, extra in re_casefix._EXTRA_CASES.items():
        for other in extra:
            join(code, other)
    return {code: frozenset(group) for code, group in groups.items()}


def _closure(members: Ranges) -> Ranges:
    """``members`` and every character of the same case group as one of them."""
    groups = _components()
    if sum(high - low + 1 for low, high in members) <= 256:
        codes = (code for low, high in members for code in range(low, high + 1))
        extra = [(m, m) for code in codes for m in groups.get(code, ())]
    else:
        extra = [
            (m, m) for code, group in groups.items() if _contains(members, code) for m in group
        ]
    return _union(members, tuple(extra))


def _contains(members: Ranges, code: int) -> bool:
    i = bisect.bisect_right(members, (code, MAX + 1)) - 1
    return i >= 0 and members[i][0] <= code <= members[i][1]


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _union(*sets: Ranges) -> Ranges:
    return _merge([r for s in sets for r in s])


def _complement(members: Ranges) -> Ranges:
    """The code points (surrogates aside) not in ``members``."""
    gaps = []
    start = 0
    for low, high in _union(members, ((0xD800, 0xDFFF),)):
        if low > start:
            gaps.append((start, low - 1))
        start = high + 1
    if start <= MAX:
        gaps.append((start, MAX))
    return tuple(gaps)


#: a class with more characters than this outside ASCII lets all of them in: hundreds of
#: multi-byte ranges (``\\w``) make a large program with many DFA states, and the exact
#: pass decides anyway
EXACT_CHARS = 16
#: one or more characters outside ASCII, in UTF-8: looser than any one of them
NON_ASCII = "[\\x80-\\xff]+"


def _class(members: Ranges) -> str:
    """A pattern over UTF-8 bytes for one character of ``members`` (for all of them, and
    for more where ``members`` has many characters outside ASCII)."""
    ascii = tuple((low, min(high, 0x7F)) for low, high in members if low <= 0x7F)
    other = tuple((max(low, 0x80), high) for low, high in members if high >= 0x80)
    parts = []
    if ascii:
        if len(ascii) == 1 and ascii[0][0] == ascii[0][1]:
            parts.append(_byte(ascii[0][0]))
        else:
            ranges = (_byte(a) if a == b else f"{_byte(a)}-{_byte(b)}" for a, b in ascii)
            parts.append(f"[{''.join(ranges)}]")
    if sum(high - low + 1 for low, high in other) > EXACT_CHARS:
        parts.append(NON_ASCII)
    else:
        for low, high in other:
            parts += (
                "".join(map(_byte, chr(code).encode("utf-8", "surrogatepass")))
                for code in range(low, high + 1)
            )
    if not parts:
        raise Untranslatable("a class that matches no character")
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _byte(value: int) -> str:
    return chr(value) if chr(value).isalnum() and value < 0x80 else f"\\x{value:02x}"
