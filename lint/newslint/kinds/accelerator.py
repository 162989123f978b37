"""Which pattern rules can match a text at all, from one RE2 pass for all of them.

Most texts match no pattern rule, yet Python's ``re`` has to search each text once per
rule to say so. An ``RE2::Set`` (Google's RE2, from the ``google-re2`` package) searches
for all of a field's rules in one pass of a DFA over the text. Each rule is given to it as
a loosened copy of its pattern (:func:`newslint.kinds.translation.superset`) that matches
wherever the rule's own pattern does and perhaps elsewhere too, so a rule the set does not
report cannot match and is skipped; a rule it reports runs in Python as before, and Python
alone decides the findings. They are therefore the same with the accelerator and without.

The accelerator is optional: where ``google-re2`` is not installed (it has wheels for
Linux on x86-64 and ARM with glibc, macOS and 64-bit Windows), or with
``NEWSLINT_ACCELERATOR=0`` in the environment, every rule runs in Python on every text. A
rule whose pattern cannot be loosened, that RE2 does not take, or that looks at a window
(``head``, ``tail``) is never skipped either.

Why RE2 and not Hyperscan, which was tried first: the Hyperscan build in the ``hyperscan``
wheel (0.9.1) misses matches. Over generated texts it left out rules whose loosened
pattern did match, both alone ("\\n[\\t ]*(?:Continue reading (?:the main story )?below|
Publicité)[\\t ]*\\n" finds nothing in "\\nContinue reading the main story\\n\\n\\tPublicité\\n")
and, more often, in a database with other patterns. A gate that misses a match loses a
finding; RE2 missed none in the same tests, and its set search cannot give up half-way:
its DFA, short of memory, starts its cache afresh rather than fail (``RE2::Set cannot fall
back``, in RE2's dfa.cc), and the memory for its first state is checked when it compiles.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newslint.kinds.translation import Superset, Untranslatable, superset

if TYPE_CHECKING:
    from newslint.kinds.pattern import Rule

try:
    import re2
except ImportError:  # pragma: no cover - depends on the platform
    re2 = None

#: the environment variable that turns the accelerator off ("0")
SWITCH = "NEWSLINT_ACCELERATOR"
#: RE2's memory budget for a set (its DFA's state cache): with RE2's default of 8 MB the
#: built-in rules' DFA keeps starting afresh and runs several times slower
MAX_MEMORY = 64 << 20
#: the first byte of a character past the BMP in UTF-8: where one is, the verdict on a rule
#: that matches case-insensitively does not hold (Superset.bmp_only)
_ASTRAL = rb"[\xf0-\xf4]"


def enabled() -> bool:
    """Whether rules built now are accelerated: ``google-re2`` is installed and the
    accelerator not switched off in the environment."""
    return re2 is not None and os.environ.get(SWITCH, "1") != "0"


class Accelerator:
    """One RE2 set for the pattern rules that read one field."""

    def __init__(self, database: Any, ids: Sequence[str], bmp_only: frozenset[str]) -> None:
        self._set = database
        self._ids = list(ids)  # by position in the set; "" is _ASTRAL
        self._bmp_only = bmp_only
        #: the rules it may rule out
        self.rule_ids = frozenset(i for i in self._ids if i)

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> Accelerator | None:
        """The accelerator of those ``rules`` it can take (a Python pattern over the whole
        text), or None if it takes none of them or is not enabled."""
        if not enabled():
            return None
        loosened = []
        for rule in rules:
            if rule.engine != "re" or rule.head is not None or rule.tail is not None:
                continue  # a window is searched alone, and $ or \Z holds at its end
            try:
                loosened.append((rule.id, superset(rule.pattern, rule.ignore_case)))
            except Untranslatable:
                continue
        compiled = _compile(tuple(loosened))
        if compiled is None:
            return None
        database, ids = compiled
        bmp_only = frozenset(rule_id for rule_id, s in loosened if s.bmp_only)
        return cls(database, ids, bmp_only)

    def matches(self, text: str) -> set[str] | None:
        """The ids of the rules that may match ``text`` (no others can), or None if the
        set tells nothing (``text`` has a lone surrogate, which UTF-8 cannot hold)."""
        try:
            # Between newlines: a line start and a line end are next to one everywhere
            # (see translation._anchor).
            data = f"\n{text}\n".encode()
        except UnicodeEncodeError:
            return None
        hits = {self._ids[i] for i in self._set.Match(data) or ()}
        if "" in hits:
            hits.discard("")
            hits |= self._bmp_only
        return hits


@lru_cache(maxsize=16)
def _compile(loosened: tuple[tuple[str, Superset], ...]) -> tuple[Any, list[str]] | None:
    """An RE2 set of the loosened patterns RE2 takes, and the rule id of each entry (""
    for _ASTRAL); None if it takes none. Kept for the next linter with the same rules."""
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1  # the patterns are over UTF-8 bytes
    options.max_mem = MAX_MEMORY
    options.log_errors = False
    database = re2.Set.SearchSet(options)
    ids = []
    for rule_id, loose in loosened:
        try:
            database.Add(loose.expression.encode("ascii"))
        except re2.error:
            continue
        ids.append(rule_id)
    if not ids:
        return None
    database.Add(_ASTRAL)
    try:
        database.Compile()
    except re2.error:
        return None
    return database, [*ids, ""]
