"""Finding words run together where a wire feed's line breaks were deleted without a space.

Every check here is gated so that a clean text costs little: candidates come from a few
regular expressions and from set arithmetic on the text's distinct tokens, and only the
handful that survive are looked at in Python.

Kinds of join:

``word_word``
    "phonetorches", "bythe", "AlexeiNavalny", "theKremlin". A token is a join when a split
    into two words is much more probable than the token itself (unigram log-probabilities
    from wordfreq), or when a lower-case letter is followed by a capital ("earlyJanuary")
    and the halves are words. Names, brands and tickers the document spells the same way
    elsewhere, or that are common words in their own right ("PayPal", "iPhone",
    "McDonald's"), are not joins.
``punct_word``
    ",although", "said.The", "agents(Adds", "U.S.Dollar": punctuation with a letter glued
    after it where a space belongs.
``letter_digit``
    "these15", "having13.5", "1986loss".
``dash``
    "--dropped", "reform--": a spaced dash that lost one of its spaces. A hyphenated word
    broken across lines ("anti-viral") is not a defect and is never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import filterfalse
from operator import attrgetter
from typing import NamedTuple

from newslint.lexicon import Vocabulary

# Latin (with the Latin-1 accented letters) and Cyrillic.
LOWER = "a-zß-öø-ÿа-яё"
UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
LETTER = LOWER + UPPER

#: Capitalised short prefixes of real names written in camel case (McDonald, DeSantis).
NAME_PREFIXES = frozenset(
    {"mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "o", "st", "al", "el"}
)
#: A capitalised token split in a line-width window needs a half this common ("Thebank",
#: "Russiafor"), or it is taken for a name (Menear, Bettino).
NAME_SPLIT_ZIPF = 6.0
#: Zipf frequency of function words ("the", "of", "and", "for", "to", "in", "a").
FUNCTION_WORD_ZIPF = 6.5
#: Letters written straight after a number that are not a word run into it.
UNITS = frozenset(
    [
        "th",
        "st",
        "nd",
        "rd",
        "am",
        "pm",
        "km",
        "kg",
        "mm",
        "cm",
        "ml",
        "mg",
        "gb",
        "mb",
        "tb",
        "kb",
        "ghz",
        "mhz",
        "mph",
        "kph",
        "mw",
        "gw",
        "kw",
        "kwh",
        "ft",
        "lb",
        "lbs",
        "oz",
        "bps",
        "yo",
        "hrs",
        "hr",
        "min",
        "mins",
        "sec",
        "secs",
        "ms",
        "ns",
        "px",
        "dpi",
        "fps",
        "yrs",
    ]
)


@dataclass(frozen=True)
class Settings:
    """Thresholds of the checks (the rule's YAML parameters)."""

    #: each half of a word_word join must be a word at least this frequent (Zipf)
    min_part_zipf: float = 2.5
    #: a token at least this frequent is a word in its own right, never a join
    max_joined_zipf: float = 3.0
    #: log10 of how much likelier the split is than the token, for a join
    min_gain: float = 1.0
    #: whether all-lowercase tokens may be split (off for compounding languages)
    split_lowercase: bool = True
    #: words the word list lacks that joins are made of (wire abbreviations: dlrs, mln)
    extra_words: frozenset[str] = frozenset()
    #: strength a join needs to stand without the line-width evidence
    isolated_strength: float = 3.0


class Join(NamedTuple):
    """A missing space at ``offset``, inside the token ``text[start:end]``."""

    offset: int
    start: int
    end: int
    type: str
    left: str
    right: str
    strength: float
    reason: str
    #: a word the document may spell the same way again (then it is a name, not a join);
    #: checked per document, since candidates are found token by token
    name: str | None = None


# The capital first: capitals are rare, so the engine skips ahead to them.
_CAMEL = re.compile(rf"[{UPPER}](?<=[{LOWER}][{UPPER}])")
_TRANSITION = re.compile(rf"(?<=[{LOWER}])(?=[{UPPER}])")
_WORD_TOKEN = re.compile(rf"(?<![\w'’.@/])[{UPPER}]?[{LOWER}]{{3,}}(?![\w'’@/])")
# Starting each pattern with the character it consumes lets the engine skip ahead to it.
_DIGIT_HIT = re.compile(rf"\d(?<=[{LETTER}]\d)|\d(?=[{LOWER}]{{2}})")
_LETTER_DIGIT = re.compile(rf"(?<![{LETTER}\d_./@-])[{UPPER}]?[{LOWER}]+$")
_DIGIT_LETTER = re.compile(rf"[{LOWER}]{{2,}}(?![{LETTER}\d])")
#: what any punctuation, dash or number join needs: a gate before looking closer
_STRUCTURE = re.compile(rf"[,;.!?)(][{LETTER}]|--|[{LETTER}]\d|\d[{LOWER}]")
_PUNCT_HIT = re.compile(rf"[,;.!?)(](?=[{LETTER}])")
# Each alternative starts with the punctuation it consumes, so the engine can skip ahead
# to those characters; the lookbehinds then check what came before.
PUNCT = re.compile(
    rf"(?P<comma>[,;](?<=[{LETTER}\d)][,;])(?=[{LETTER}]{{2}}))"  # "pct,said", "year;the"
    rf"|(?P<stop>[.!?](?<=[{LOWER}][{LOWER}][.!?])(?=[{UPPER}][{LOWER}]))"  # "said.The"
    rf"|(?P<initials>\.(?<=\b[A-Z]\.[A-Z]\.)(?=[{LETTER}][{LOWER}]))"  # "U.S.Dollar"
    rf"|(?P<open>\((?<=[{LETTER}.!?]\()(?=[{UPPER}]))"  # "agents(Adds", "measures.(Reporting"
    rf"|(?P<close>\)(?<=[{LOWER}]\))(?=[{LOWER}]{{2}}))"  # "(riot police)and"
)
#: how sure each kind of punctuation join is; initials are often names ("J.P.Morgan")
_PUNCT_STRENGTH = {"comma": 3.0, "stop": 3.0, "initials": 2.0, "open": 3.0, "close": 3.0}
_DASH = re.compile(rf"--(?<=\s--)(?=[{LETTER}\d])|--(?<=[{LETTER}\d]--)(?=\s)")


def token_at(text: str, offset: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``offset``."""
    start = offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = offset
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _best_split(
    token: str, lex: Vocabulary, s: Settings, cache: dict[str, tuple[float, int] | None]
) -> tuple[float, int] | None:
    """(strength, index) of the likeliest split of lowercase ``token`` into two words.

    For a token the word list does not know at all, any split into two words is a join,
    the surer the commoner its rarer half ("phone|torches"). For a rare but known token
    ("fora", "inan"), the split must be ``min_gain`` (log10) likelier than the token.
    """
    if token in cache:
        return cache[token]
    parts = lex.parts(s.min_part_zipf)
    # Only where both halves are short enough to be words: a token of a million letters
    # (a scraped run of "aaaa…") then costs nothing instead of a million slices and look-ups
    # each a million long.
    longest = lex.longest_part(s.min_part_zipf)
    first, last = max(1, len(token) - longest), min(len(token) - 1, longest)
    # Set look-ups in one comprehension: most tokens have no place where both halves are
    # words, and the rest have one or two.
    places = [i for i in range(first, last + 1) if token[:i] in parts and token[i:] in parts]
    get = lex.zipfs.get
    whole = get(token, 0.0)
    best: tuple[float, int] | None = None
    best_pair = 0.0
    for i in places:
        left_z, right_z = get(token[:i], 0.0), get(token[i:], 0.0)
        # A rare but known token must lose to the split; an unknown one is as sure as
        # its rarer half is common. Of two places, the likelier pair of words wins
        # ("payments|on", not "payment|son").
        strength = left_z + right_z - whole - 9.0 if whole else min(left_z, right_z) - 2.0
        if not whole and left_z >= FUNCTION_WORD_ZIPF and right_z >= 3.0:
            # "thepurchase", "ofredeemable": no unknown word starts with a function word
            # followed by a real word; sure even without the line-width evidence.
            strength = max(strength, s.isolated_strength)
        if best is None or left_z + right_z > best_pair:
            best, best_pair = (strength, i), left_z + right_z
    if best is not None and whole and best[0] < s.min_gain:
        best = None
    cache[token] = best
    return best


def _is_address(token: str) -> bool:
    """Web and mail addresses, paths: their dots and commas are not sentence punctuation."""
    return "://" in token or token.startswith("www.") or "@" in token or "/" in token


def _camel_joins(text: str, lex: Vocabulary, s: Settings) -> list[Join]:
    joins = []
    end = 0
    for hit in _CAMEL.finditer(text):
        if hit.start() < end:
            continue  # one token, several transitions: all handled below
        start, end = _letters_around(text, hit.start())
        token = text[start:end]
        if lex.zipf(token) >= s.max_joined_zipf:
            continue  # a brand that is a word in its own right: PayPal, YouTube
        cuts = [t.start() for t in _TRANSITION.finditer(token)]
        bounds = [0, *cuts, len(token)]
        for k, cut in enumerate(cuts):
            left, right = token[bounds[k] : cut], token[cut : bounds[k + 2]]
            if len(left) < 2 or left.lower() in NAME_PREFIXES:
                continue  # iPhone, eBay, McDonald, DeSantis
            left_z, right_z = lex.zipf(left), lex.zipf(right)
            common_left = left.islower() and left_z >= 4.0
            acronym = len(right) > 1 and not right[1:].islower()
            if acronym and (not common_left or len(right) < 3):
                continue  # JPMorgan, watchOS: capitals are an acronym or a brand, not a join
            if min(left_z, right_z) < 1.0 and not common_left:
                continue
            joins.append(
                Join(
                    start + cut,
                    start,
                    end,
                    "word_word",
                    left,
                    right,
                    3.0 if common_left else 2.0,
                    "a lower-case letter runs into a capital",
                    token,  # a name the document spells this way again is not a join
                )
            )
    return joins


def _letters_around(text: str, offset: int) -> tuple[int, int]:
    """The run of letters (and apostrophes) around ``offset``."""
    start, end = offset, offset
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
        start -= 1
    while end < len(text) and (text[end].isalpha() or text[end] in "'’"):
        end += 1
    return start, end


def _word_joins(text: str, lex: Vocabulary, s: Settings, cache: dict) -> list[Join]:
    joins = []
    known = lex.known(s.max_joined_zipf)
    for m in _WORD_TOKEN.finditer(text):
        token = m.group()
        lowered = token.lower()
        if (not s.split_lowercase and token.islower()) or lowered in known:
            continue
        split = _best_split(lowered, lex, s, cache)
        if split is None:
            continue
        gain, i = split
        at = m.start()
        joins.append(
            Join(
                at + i,
                at,
                at + len(token),
                "word_word",
                token[:i],
                token[i:],
                gain,
                "two words run together",
                token if token[0].isupper() else None,  # a name, if spelt so again
            )
        )
    return joins


def _digit_joins(text: str, lex: Vocabulary) -> list[Join]:
    joins = []
    for hit in _DIGIT_HIT.finditer(text):
        at = hit.start()
        if text[at - 1 : at].isalpha():  # a word runs into a number: "these15"
            word = _LETTER_DIGIT.search(text, max(0, at - 30), at)
            if word is None or word.end() != at:
                continue
            left = word.group()
            if len(left) < 2 or left.lower() in UNITS or lex.zipf(left) < 3.5:
                continue
            start, end = token_at(text, at)
            # Product names are capitalised words run into numbers (Solo3): only a common
            # lower-case word ("these15") is sure on its own.
            strength = 3.0 if left.islower() and lex.zipf(left) >= 4.0 else 2.0
            joins.append(
                Join(
                    at,
                    start,
                    end,
                    "letter_digit",
                    left,
                    text[at:end],
                    strength,
                    "a word runs into a number",
                )
            )
        else:  # a number runs into a word: "1986loss"
            word = _DIGIT_LETTER.match(text, at + 1)
            if word is None or word.group() in UNITS or lex.zipf(word.group()) < 3.5:
                continue
            start, end = token_at(text, at)
            joins.append(
                Join(
                    at + 1,
                    start,
                    end,
                    "letter_digit",
                    text[start : at + 1],
                    word.group(),
                    2.0,
                    "a number runs into a word",
                )
            )
    return joins


def punct_offset(match: re.Match) -> int:
    """Where the space is missing in a :data:`PUNCT` match."""
    # A space belongs before an opening bracket and after any other punctuation.
    return match.start() if match.lastgroup == "open" else match.end()


def _punct_joins(text: str) -> list[Join]:
    joins = []
    for hit in _PUNCT_HIT.finditer(text):
        m = PUNCT.match(text, hit.start())
        if m is None:
            continue
        offset = punct_offset(m)
        start, end = token_at(text, offset)
        if _is_address(text[start:end]):
            continue
        if m.lastgroup == "close" and "(" in text[start : m.start()]:
            continue  # a bracketed part of a word: "(multi)media"
        joins.append(
            Join(
                offset,
                start,
                end,
                "punct_word",
                text[start:offset],
                text[offset:end],
                _PUNCT_STRENGTH[m.lastgroup or "comma"],
                "punctuation runs into the next word",
            )
        )
    return joins


def _dash_joins(text: str) -> list[Join]:
    joins = []
    for m in _DASH.finditer(text):
        # " --word" lost the space after the dash, "word-- " the one before it.
        offset = m.end() if text[m.start() - 1].isspace() else m.start()
        start, end = token_at(text, offset if offset < len(text) else offset - 1)
        joins.append(
            Join(
                offset,
                start,
                end,
                "dash",
                text[start:offset],
                text[offset:end],
                3.0,
                "a dash lost its space",
            )
        )
    return joins


#: punctuation that may stand at either edge of a token without making a join there
EDGE_PUNCT = "\"'“”‘’()[],.;:!?"


class TokenJoins:
    """The lexical candidates of a language and settings, found token by token and
    remembered across documents.

    Every kind of join sits inside one whitespace-delimited token, so a token's candidates
    depend on the token alone (and the vocabulary), never on where it stands. A corpus
    repeats its tokens, so each distinct token is analysed once: a document costs one
    ``split`` and one set difference against the tokens known to be clean, plus a look at
    the few tokens that are new or hold a candidate. Only the name check (a capitalised
    word the document spells the same way again is a name) is made per document.

    The memory is bounded: past ``limit`` remembered tokens, the caches start afresh.
    While ``learned`` is a list, every token analysed here is added to it, for other
    processes to :meth:`learn` (:mod:`newslint.sharing`).
    """

    def __init__(self, vocab: Vocabulary, settings: Settings, limit: int = 500_000) -> None:
        self.vocab = vocab
        self.settings = settings
        self.limit = limit
        self._base = vocab.known(settings.max_joined_zipf)
        self._clean: set[str] = set(self._base)
        self._held: dict[str, tuple[Join, ...]] = {}
        #: the held tokens with a join that may be a name (checked against each document)
        self._named: set[str] = set()
        self._splits: dict[str, tuple[float, int] | None] = {}
        self.learned: list[tuple[str, tuple[Join, ...]]] | None = [] if _recording else None

    def of_token(self, token: str) -> tuple[Join, ...]:
        """The candidates inside ``token`` (one per offset, the strongest), offsets relative
        to the token's start; names are not yet checked against any document."""
        held = self._held.get(token)
        if held is not None:
            return held
        if token in self._clean:
            return ()
        core = token.strip(EDGE_PUNCT)
        # Edge punctuation only takes candidates away (see EDGE_PUNCT), so a token whose
        # core is clean is clean.
        if core in self._clean or not core:
            found: tuple[Join, ...] = ()
        else:
            found = self._analyse(token)
            if self.learned is not None:  # worth giving away: it took an analysis
                self.learned.append((token, found))
        self._remember(token, found)
        return found

    def forget(self) -> None:
        """Start afresh: every token but the word list's is new again."""
        self._clean = set(self._base)
        self._held.clear()
        self._named.clear()
        self._splits.clear()

    def learn(self, analysed: list[tuple[str, tuple[Join, ...]]]) -> None:
        """Remember tokens another process analysed, as if analysed here."""
        held, clean = self._held, self._clean
        for token, found in analysed:
            if token not in held and token not in clean:
                self._remember(token, found)

    def _analyse(self, token: str) -> tuple[Join, ...]:
        vocab, s = self.vocab, self.settings
        if token.lower() == token.upper() and "--" not in token:
            return ()  # no letters ("1,000", "$3.5"): every join but a dash needs one
        if token.isalpha():
            # Letters only (most tokens): one run of letters, either camel case or a
            # candidate word, never both.
            if not token.islower() and _CAMEL.search(token):
                return tuple(_camel_joins(token, vocab, s))
            return tuple(_word_joins(token, vocab, s, self._splits))
        # The token between spaces, as it stands in any text: lookarounds see the same.
        text = " " + token + " "
        found = _word_joins(text, vocab, s, self._splits)
        if _STRUCTURE.search(token):
            found += _punct_joins(text) + _dash_joins(text) + _digit_joins(text, vocab)
        if not token.islower():
            found += _camel_joins(text, vocab, s)
        return tuple(
            j._replace(offset=j.offset - 1, start=j.start - 1, end=j.end - 1)
            for j in strongest(found)
        )

    def _remember(self, token: str, found: tuple[Join, ...]) -> None:
        if len(self._clean) + len(self._held) > self.limit + len(self._base):
            self.forget()
        if found:
            # Named before held: a document cut short by its time limit between the two
            # must not leave a held token whose names are never checked.
            if any(j.name is not None for j in found):
                self._named.add(token)
            self._held[token] = found
        else:
            self._clean.add(token)

    def candidates(self, text: str) -> list[Join]:
        """Every lexical candidate in ``text``, in text order."""
        # Looked up one by one, not made a set first: most tokens are known, and the few
        # new ones make a small set.
        new = set(filterfalse(self._clean.__contains__, text.split()))
        if not new:
            return []
        joins = []
        for token in new:
            found = self.of_token(token)
            if not found:
                continue
            if token in self._named:
                # Each name counted once: a token may hold many joins of one name.
                names = {j.name for j in found if j.name is not None}
                repeated = {name for name in names if text.count(name) > 1}
                found = tuple(j for j in found if j.name not in repeated)
            for at in token_offsets(text, token):
                for offset, start, end, kind, left, right, strength, reason, _ in found:
                    joins.append(
                        Join(at + offset, at + start, at + end, kind, left, right, strength, reason)
                    )
        joins.sort(key=_OFFSET)
        return joins


_OFFSET = attrgetter("offset")


def strongest(joins: list[Join]) -> list[Join]:
    """One join per offset, the strongest, in text order."""
    best: dict[int, Join] = {}
    for join in joins:
        if join.offset not in best or join.strength > best[join.offset].strength:
            best[join.offset] = join
    return [best[k] for k in sorted(best)]


def token_offsets(text: str, token: str) -> list[int]:
    """Offsets where ``token`` stands between whitespace (or the text's ends)."""
    found = []
    size, n = len(text), len(token)
    at = text.find(token)
    while at != -1:
        end = at + n
        if (at == 0 or text[at - 1].isspace()) and (end == size or text[end].isspace()):
            found.append(at)
        at = text.find(token, at + 1)
    return found


#: what names a :class:`TokenJoins` the same way in every process: the language, the
#: extra words and the settings
Key = tuple[str, frozenset[str], Settings]
#: every TokenJoins of this process (see :func:`token_joins`), by key
_ALL: dict[Key, TokenJoins] = {}
#: whether TokenJoins record what they analyse (see :func:`record_learning`)
_recording = False


@cache
def token_joins(vocab: Vocabulary, settings: Settings) -> TokenJoins:
    """The shared :class:`TokenJoins` of a vocabulary and settings."""
    joins = _ALL[*vocab.key, settings] = TokenJoins(vocab, settings)
    return joins


def record_learning(on: bool) -> None:
    """Start (or stop) recording the tokens analysed in this process, for
    :func:`take_learned`."""
    global _recording
    _recording = on
    for joins in _ALL.values():
        joins.learned = [] if on else None


def take_learned() -> list[tuple[Key, list[tuple[str, tuple[Join, ...]]]]]:
    """The tokens analysed here since the last call, by the key of their TokenJoins."""
    taken = []
    for key, joins in _ALL.items():
        if joins.learned:
            taken.append((key, joins.learned))
            joins.learned = []
    return taken


def learn(taken: list[tuple[Key, list[tuple[str, tuple[Join, ...]]]]]) -> None:
    """Remember what :func:`take_learned` gave in another process, where this process has
    the same TokenJoins (the language's word list loaded): no other is made for it."""
    for key, analysed in taken:
        joins = _ALL.get(key)
        if joins is not None:
            joins.learn(analysed)


def candidates(text: str, vocab: Vocabulary | None, settings: Settings) -> list[Join]:
    """Every lexical candidate in ``text``, one per offset (the strongest), in text order.

    Without a vocabulary (a language with no word list), only the checks that need no
    words run: punctuation and dashes.
    """
    if vocab is None:
        return strongest(_punct_joins(text) + _dash_joins(text))
    return token_joins(vocab, settings).candidates(text)
