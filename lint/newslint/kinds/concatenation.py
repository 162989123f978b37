"""Kind ``concatenation``: words run together where line breaks were deleted without a space.

All concatenation rules share one analysis of each document (:mod:`newslint.joins`); each
rule reports the joins of its ``join`` type whose strength reaches ``min_strength``. The fix
inserts the missing space at the join; it is ``safe`` where the strength reaches
``safe_strength`` (where the rule sets one) and has the rule's own applicability otherwise.

Options:

``join``: ``word_word``, ``punct_word``, ``letter_digit`` or ``dash``
``min_strength`` / ``safe_strength``
    how sure a join must be to be reported / to be fixed unattended (log10 odds for
    ``word_word`` joins from word frequencies; 2-3 for the pattern-based types). Without
    ``safe_strength``, every fix has the applicability the rule's ``fix`` gives.
``min_part_zipf``, ``max_joined_zipf``, ``min_gain``
    word-frequency thresholds (Zipf scale, see :mod:`newslint.lexicon`).
``isolated_strength``
    how sure a join must be to stand in a document whose joins do not recur at a regular
    line width (see :mod:`newslint.wrap`).
``words``
    words the word list lacks that joins are made of (wire abbreviations: dlrs, mln).

These analysis parameters are shared: all concatenation rules run on one analysis, which
takes each of them from the first rule that sets it.
``split_lowercase_languages``
    languages where an all-lowercase token may be split; German and Dutch write compounds
    as one word, so there only camel-case, number and punctuation joins are found.

The document's language comes from its metadata (``language``), else the configuration,
English by default.

Example (YAML)::

    - id: NL201
      name: concatenated-words
      kind: concatenation
      join: word_word
      fix: {action: insert-space, applicability: unsafe}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from pydantic import Field

from newslint.document import DEFAULT_LANGUAGE, Document, document_language
from newslint.finding import Applicability, Edit, Finding, Fix
from newslint.joins import Join, Settings
from newslint.lexicon import lexicon, script_language, vocabulary
from newslint.rule import RuleBase
from newslint.wrap import find_joins


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "left", "right", "reason"})
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"insert-space"})

    kind: Literal["concatenation"]
    join: Literal["word_word", "punct_word", "letter_digit", "dash"]
    min_strength: float = 1.0
    safe_strength: float | None = None
    min_part_zipf: float = 2.5
    max_joined_zipf: float = 3.0
    min_gain: float = 1.0
    isolated_strength: float = 3.0
    split_lowercase_languages: list[str] = Field(
        default_factory=lambda: ["en", "fr", "es", "it", "pt", "ru"]
    )
    words: list[str] = Field(default_factory=list)


#: The parameters that shape the shared analysis (the rest only filter what it found).
ANALYSIS_PARAMETERS = (
    "min_part_zipf",
    "max_joined_zipf",
    "min_gain",
    "isolated_strength",
    "split_lowercase_languages",
    "words",
)


def shared_settings(rules: Sequence[Rule], language: str) -> Settings:
    """The analysis settings of a group of rules: each parameter from the first rule that
    sets it in its YAML, else its default, so that one analysis serves every rule."""
    chosen = {}
    for name in ANALYSIS_PARAMETERS:
        setter = next((r for r in rules if name in r.model_fields_set), rules[0])
        chosen[name] = getattr(setter, name)
    return Settings(
        min_part_zipf=chosen["min_part_zipf"],
        max_joined_zipf=chosen["max_joined_zipf"],
        min_gain=chosen["min_gain"],
        split_lowercase=language in chosen["split_lowercase_languages"],
        extra_words=frozenset(chosen["words"]),
        isolated_strength=chosen["isolated_strength"],
    )


def _fix(rule: Rule, offset: int, strength: float) -> Fix | None:
    """A space inserted at ``offset``, safe where the join is sure enough."""
    if rule.fix is None:
        return None
    sure = rule.safe_strength is not None and strength >= rule.safe_strength
    applicability = Applicability.SAFE if sure else rule.fix.applicability
    return Fix((Edit(offset, offset, " "),), applicability)


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """One join analysis per document and field, shared by every concatenation rule."""
    fields = sorted({f for rule in rules for f in rule.fields})
    settings_by_language: dict[str, Settings] = {}

    def check(document: Document) -> list[Finding]:
        language = document.language or DEFAULT_LANGUAGE
        if not document_language(document, default=""):  # the metadata names none
            language = script_language(document.text, language)
        if language not in settings_by_language:
            settings_by_language[language] = shared_settings(rules, language)
        settings = settings_by_language[language]
        lex = lexicon(language)
        vocab = vocabulary(lex, settings.extra_words) if lex else None
        findings = []
        for field in fields:
            text = document.fields.get(field)
            if not text:
                continue
            by_type: dict[str, list[Join]] = {}
            for join in find_joins(text, vocab, settings):
                by_type.setdefault(join.type, []).append(join)
            for rule in rules:
                if field not in rule.fields:
                    continue
                for offset, start, end, _, left, right, strength, reason, _ in by_type.get(
                    rule.join, ()
                ):
                    if strength < rule.min_strength:
                        continue
                    fix = _fix(rule, offset, strength)
                    findings.append(
                        rule.finding(
                            document, field, start, end, fix, left=left, right=right, reason=reason
                        )
                    )
        return findings

    return check
