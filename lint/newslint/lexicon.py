"""Word frequencies per language, from wordfreq (which ships its data: nothing is downloaded).

Frequencies are kept as Zipf values (log10 of occurrences per billion words: "the" is about
7.7, a word seen once in a hundred million words is 1.0) because the concatenation checks
reason in log-probabilities: joining two words is likely when the halves are much more
probable together than the joined string is on its own.
"""

from __future__ import annotations

import math
import re
from functools import cache

#: Languages with a usable word list. wordfreq has more; these are the ones tested here.
SUPPORTED = frozenset({"en", "de", "fr", "es", "it", "nl", "pt", "ru"})

#: One-letter words that may stand as one half of a join ("for|a", "to|a").
SHORT_WORDS = {
    "en": frozenset({"a", "i"}),
    "fr": frozenset({"a", "à", "y"}),
    "es": frozenset({"a", "y", "o", "e", "u"}),
    "it": frozenset({"a", "e", "i", "o"}),
    "pt": frozenset({"a", "e", "o"}),
    "de": frozenset(),
    "nl": frozenset(),
    "ru": frozenset({"и", "в", "к", "с", "у", "о", "а", "я"}),
}


class Lexicon:
    """Zipf frequencies of one language's words (lowercase keys)."""

    def __init__(self, language: str) -> None:
        from wordfreq import get_frequency_dict  # imported on first use: ~60 MB of data

        self.language = language
        freq = get_frequency_dict(language, wordlist="large")
        #: lowercase word -> Zipf frequency; read directly on hot paths
        self.zipfs: dict[str, float] = {w: math.log10(f) + 9.0 for w, f in freq.items()}
        self.short_words = SHORT_WORDS.get(language, frozenset())

    @cache  # noqa: B019 - one Lexicon per language lives for the whole process
    def vocabulary(self, min_zipf: float) -> frozenset[str]:
        """Every word at least as frequent as ``min_zipf``, lowercase and capitalised, for
        set arithmetic on a text's tokens."""
        words = [w for w, z in self.zipfs.items() if z >= min_zipf]
        return frozenset(words) | frozenset(w.capitalize() for w in words)


@cache
def lexicon(language: str) -> Lexicon | None:
    """The lexicon for ``language``, or None where there is no word list for it."""
    if language not in SUPPORTED:
        return None
    return Lexicon(language)


class Vocabulary:
    """A language's word frequencies plus the rule's own extra words."""

    EXTRA_ZIPF = 4.0
    _CACHE_LIMIT = 100_000

    def __init__(self, lex: Lexicon, extra: frozenset[str] = frozenset()) -> None:
        self.lex = lex
        self.known = lex.vocabulary
        self.zipfs = lex.zipfs
        if extra:
            self.zipfs = {**lex.zipfs, **{w.lower(): self.EXTRA_ZIPF for w in extra}}
        self.short_words = lex.short_words
        #: per analysis settings, token -> its best split (or None): tokens recur from
        #: document to document
        self._splits: dict[object, dict[str, tuple[float, int] | None]] = {}

    def split_cache(self, settings: object) -> dict[str, tuple[float, int] | None]:
        """The cache of token splits under ``settings``, emptied when it grows too large."""
        cache = self._splits.setdefault(settings, {})
        if len(cache) > self._CACHE_LIMIT:
            cache.clear()
        return cache

    def zipf(self, word: str) -> float:
        return self.zipfs.get(word.lower(), 0.0)

    def is_word(self, part: str, min_zipf: float) -> bool:
        if len(part) == 1:
            return part.lower() in self.short_words
        return self.zipf(part) >= min_zipf


@cache
def vocabulary(lex: Lexicon, extra: frozenset[str]) -> Vocabulary:
    """The shared :class:`Vocabulary` of a lexicon and a set of extra words."""
    return Vocabulary(lex, extra)


_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LATIN = re.compile(r"[a-zA-Z]")


def script_language(text: str, default: str) -> str:
    """``default``, unless the text is written mostly in Cyrillic (then ``ru``): for
    documents whose metadata names no language, a Latin-script default would know none
    of their words."""
    sample = text[:2000]
    if _CYRILLIC.search(sample) is None:  # the common case, decided in one scan
        return default
    if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)):
        return "ru"
    return default
