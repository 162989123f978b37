"""Word frequencies per language, from wordfreq (which ships its data: nothing is downloaded).

Frequencies are kept as Zipf values (log10 of occurrences per billion words: "the" is about
7.7, a word seen once in a hundred million words is 1.0) because the concatenation checks
reason in log-probabilities: joining two words is likely when the halves are much more
probable together than the joined string is on its own.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import chain

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
        from wordfreq import get_frequency_list  # imported on first use: ~60 MB of data

        self.language = language
        #: lowercase word -> Zipf frequency; read directly on hot paths
        self.zipfs: dict[str, float] = {}
        # wordfreq keeps its words in buckets of one centibel (bucket i holds words of
        # frequency 10 ** (-i / 100)), so each bucket's Zipf value is 9 - i / 100, with no
        # logarithm per word. Each word is in one bucket.
        self._buckets: list[list[str]] = get_frequency_list(language, wordlist="large")
        for index, bucket in enumerate(self._buckets):
            self.zipfs.update(dict.fromkeys(bucket, bucket_zipf(index)))
        self.short_words = SHORT_WORDS.get(language, frozenset())

    @cache  # noqa: B019 - one Lexicon per language lives for the whole process
    def words(self, min_zipf: float) -> frozenset[str]:
        """Every word at least as frequent as ``min_zipf`` (lowercase): whole buckets."""
        common = sum(1 for i in range(len(self._buckets)) if bucket_zipf(i) >= min_zipf)
        return frozenset(chain.from_iterable(self._buckets[:common]))

    @cache  # noqa: B019 - one Lexicon per language lives for the whole process
    def vocabulary(self, min_zipf: float) -> frozenset[str]:
        """Every word at least as frequent as ``min_zipf``, lowercase and capitalised, for
        set arithmetic on a text's tokens."""
        words = self.words(min_zipf)
        return words | frozenset(map(str.capitalize, words))


def bucket_zipf(index: int) -> float:
    """The Zipf value of wordfreq's bucket ``index`` (its words' frequency is
    ``10 ** (-index / 100)``)."""
    return round(9.0 - index / 100, 2)


@cache
def lexicon(language: str) -> Lexicon | None:
    """The lexicon for ``language``, or None where there is no word list for it."""
    if language not in SUPPORTED:
        return None
    return Lexicon(language)


class Vocabulary:
    """A language's word frequencies plus the rule's own extra words."""

    EXTRA_ZIPF = 4.0

    def __init__(self, lex: Lexicon, extra: frozenset[str] = frozenset()) -> None:
        self.lex = lex
        self.known = lex.vocabulary
        self.zipfs = lex.zipfs
        #: the extra words, lowercase: each has the Zipf value EXTRA_ZIPF
        self.extra = frozenset(w.lower() for w in extra)
        #: what names this vocabulary the same way in every process (newslint.sharing)
        self.key = (lex.language, self.extra)
        if extra:
            self.zipfs = {**lex.zipfs, **dict.fromkeys(self.extra, self.EXTRA_ZIPF)}
        self.short_words = lex.short_words

    @cache  # noqa: B019 - one Vocabulary per lexicon and word list lives for the process
    def parts(self, min_zipf: float) -> frozenset[str]:
        """Lowercase words that may be one half of a join: at least ``min_zipf`` frequent,
        and longer than one letter unless a one-letter word of the language."""
        words = self.lex.words(min_zipf)
        if self.extra:
            words = words - self.extra
            if min_zipf <= self.EXTRA_ZIPF:
                words |= self.extra
        return frozenset(w for w in words if len(w) > 1) | (words & self.short_words)

    @cache  # noqa: B019 - one Vocabulary per lexicon and word list lives for the process
    def longest_part(self, min_zipf: float) -> int:
        """The length of the longest word in :meth:`parts`: no longer token half is one."""
        return max(map(len, self.parts(min_zipf)), default=0)

    def zipf(self, word: str) -> float:
        return self.zipfs.get(word.lower(), 0.0)

    @cache  # noqa: B019 - one Vocabulary per lexicon and word list lives for the process
    def halves(self, min_zipf: float) -> frozenset[str]:
        """Lowercase words that may stand as either side of a split: :meth:`parts` (longer
        than one letter and at least ``min_zipf`` frequent, extra words included), and the
        language's one-letter words whatever their frequency."""
        return self.parts(min_zipf) | self.short_words


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
    if sample.isascii() or _CYRILLIC.search(sample) is None:  # the common cases
        return default
    if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)):
        return "ru"
    return default
