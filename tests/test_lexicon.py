"""Word frequencies: Zipf values from wordfreq's buckets, and the word sets built from them."""

from __future__ import annotations

import math

import pytest
import wordfreq

from newslint.lexicon import Vocabulary, lexicon, script_language


@pytest.mark.parametrize("word", ["the", "kremlin", "phone", "torches", "fora", "navalny"])
def test_zipf_values_are_wordfreqs(word):
    frequency = wordfreq.get_frequency_dict("en", wordlist="large")[word]
    assert lexicon("en").zipfs[word] == pytest.approx(math.log10(frequency) + 9.0, abs=1e-9)


@pytest.mark.parametrize("min_zipf", [2.5, 3.0, 4.0])
def test_words_at_a_threshold_are_every_word_that_frequent(min_zipf):
    lex = lexicon("en")
    assert lex.words(min_zipf) == {w for w, z in lex.zipfs.items() if z >= min_zipf}
    vocabulary = lex.vocabulary(min_zipf)
    assert "the" in vocabulary and "The" in vocabulary


def test_parts_take_the_extra_words_and_only_real_one_letter_words():
    vocab = Vocabulary(lexicon("en"), frozenset({"DLRS", "mln"}))
    parts = vocab.parts(2.5)
    assert {"dlrs", "mln", "a", "i", "phone"} <= parts
    assert "x" not in parts and "b" not in parts
    assert parts == {
        w for w, z in vocab.zipfs.items() if z >= 2.5 and (len(w) > 1 or w in vocab.short_words)
    }
    # An extra word has its own frequency: above 4.0 it is no part.
    assert "mln" not in vocab.parts(4.5)


def test_mostly_cyrillic_text_is_russian_and_ascii_text_keeps_the_default():
    assert script_language("Правительство объявило во вторник", "en") == "ru"
    assert script_language("The government said on Tuesday", "de") == "de"
    assert script_language("Der Präsident sagte am Dienstag", "de") == "de"
