"""Kind ``consistency``: the record's metadata against what its text says.

Each rule makes one ``check``:

``headline``
    the text's headline (its first line, when that reads as a headline) against the
    ``title`` field: they must share at least ``min_overlap`` of the shorter one's words
    (sites append their name, rewrite a word or two). A record with neither a title nor a
    headline is reported too: nothing says what the story is.
``authors``
    the ``authors`` field (a list, or names separated by commas and "and") against the
    byline in the text's first lines ("By Tom Balmforth and Anton Kolodyazhnyy"): at least
    one author's surname must be in the byline.
``source``
    the ``source`` field against the host of the ``url``: "Reuters" and reuters.com agree,
    so do "The New York Times" and nytimes.com, "AP" and apnews.com. A source written as
    an identifier ("scrapinghub-aeb", "reuters21578") names a data set, not a publisher,
    and is not compared.
``leaked``
    metadata written into the top of the text by the scraper ("date 2021-02-09", "Title:
    ...", "url: https://..."): a date, url or language needs no colon after its name,
    other fields do. Where the record's field holds the same value, the fix deletes the
    header from the text; where the field is there but empty, the fix moves the value into
    it (safe for a date, url or language, unsafe for free text); where it is absent or
    holds another value, nothing is fixed, since the value would be lost.
``weekday``
    a weekday the story's lead names as the day of what it reports ("urged Russians on
    Tuesday", "said on Monday") against the record's date: it must be that day or at most
    ``tolerance_days`` before it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field

from newslint.datelines import OPENING_LINES, document_opening, headline_like, nonblank_lines
from newslint.dates import unambiguous_date
from newslint.document import Document, first_line_span, head_end
from newslint.finding import Applicability, Edit, Finding, Fix
from newslint.rule import RuleBase, line_span, shorten, texts_read

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WORD = re.compile(r"[^\W_]+")
_BYLINE = re.compile(r"(?:By|BY)\s+(?P<names>[^\n]{3,200})")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
#: a reporting verb, then at most three words that are not "will" or "would", then the day
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told|urged|announced|reported|warned|called|added|confirmed|denied"
    r"|declared|agreed|voted|ruled|launched|unveiled)\b"
    r"(?:\s+(?!will\b|would\b|to\b)[\w'’,-]+){0,3}?\s+on\s+(?P<day>" + "|".join(WEEKDAYS) + r")\b"
)
#: what a headline never holds: a summary bullet, a leaked "key value" header
#: where the lead's first sentence ends
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_NOT_A_HEADLINE = re.compile(r"\s[*•]\s|^(?:date|published|updated|title|author|url)\b", re.I)


#: a metadata header at the start of a line: its name, then its value
_LEAKED = re.compile(
    r"^[ \t]*(?P<name>(?i:date|published|datePublished))[ \t]*[:=]?[ \t]*"
    r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"|^[ \t]*(?P<name2>(?i:url))[ \t]*[:=]?[ \t]*(?P<url>https?://\S+)"
    r"|^[ \t]*(?P<name3>(?i:language|lang))[ \t]*[:=][ \t]*"
    r"(?P<language>[a-z]{2,3}(?:-[A-Za-z]{2,4})?)\b"
    r"|^[ \t]*(?P<name4>(?i:title|authors?|byline|source))[ \t]*[:=][ \t]*"
    r"(?P<text>[^\n*]{1,200}?)(?=[ \t]*(?:\*|$))",
    re.MULTILINE,
)
#: the groups of _LEAKED that hold a header's name, and those that hold its value
_HEADER_NAMES = ("name", "name2", "name3", "name4")
_HEADER_KINDS = ("date", "url", "language", "text")
#: the metadata field each header name fills, where it is not the name itself
_HEADER_FIELD = {
    "published": "date",
    "datepublished": "date",
    "lang": "language",
    "author": "authors",
    "byline": "authors",
}


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {
            "match",
            "reason",
            "title",
            "headline",
            "authors",
            "byline",
            "source",
            "host",
            "weekday",
            "date",
        }
    )
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"move"})

    kind: Literal["consistency"]
    check: Literal["headline", "authors", "source", "weekday", "leaked"]
    #: how many lines from the top a leaked header may stand
    head_lines: int = Field(default=3, ge=1)
    min_overlap: float = Field(default=0.5, ge=0, le=1)
    tolerance_days: int = Field(default=1, ge=0, le=6)


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def text_headline(text: str) -> tuple[int, int] | None:
    """The span of the text's headline: its first non-blank line, when that reads as one
    (a few words, no sentence end, no dateline, no bullet or leaked header)."""
    start, end = first_line_span(text)
    line = text[start:end]
    if not headline_like(line, min_words=1) or _NOT_A_HEADLINE.search(line):
        return None
    return start, end


def _headline(rule: Rule, document: Document, field: str) -> list[Finding]:
    text = document.fields[field]
    title = document.metadata.get("title")
    span = text_headline(text)
    if not isinstance(title, str) or not title.strip():
        if span is None:
            reason = "the record has no title and the text no headline"
            return [rule.finding(document, field, 0, 0, match="", reason=reason)]
        return []
    if span is None:
        return []
    headline = text[span[0] : span[1]]
    theirs = set(words(title))
    if _same_story(set(words(headline)), theirs, rule.min_overlap):
        return []
    # Page lines leaked above the headline ("Markets", a breadcrumb) are the boilerplate
    # rules' to report: a line further down that gives the title's words is the story's.
    for _, line in nonblank_lines(text, OPENING_LINES - 1, start=span[1]):
        if _same_story(set(words(line)), theirs, rule.min_overlap):
            return []
    reason = f"the title {shorten(title, 60)!r} does not match the text's headline"
    return [rule.finding(document, field, *span, title=title, headline=headline, reason=reason)]


def _same_story(ours: set[str], theirs: set[str], min_overlap: float) -> bool:
    """Whether a headline's words and a title's share at least ``min_overlap`` of the
    shorter's."""
    return len(ours & theirs) / max(min(len(ours), len(theirs)), 1) >= min_overlap


def _authors(rule: Rule, document: Document, field: str) -> list[Finding]:
    authors = document.metadata.get("authors", document.metadata.get("author"))
    names = _names(authors)
    if not names:
        return []
    text = document.fields[field]
    for line in text.split("\n", 12)[:12]:
        byline = _BYLINE.match(line.strip())
        if byline is None:
            continue
        in_byline = set(words(byline.group("names")))
        if any(words(name) and words(name)[-1] in in_byline for name in names):
            return []
        start = text.index(line.strip())
        return [
            rule.finding(
                document,
                field,
                start,
                start + len(line.strip()),
                authors=", ".join(names),
                byline=byline.group("names"),
            )
        ]
    return []


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        value = _NAME_SPLIT.split(value)
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def _source(rule: Rule, document: Document, field: str) -> list[Finding]:
    source, url = document.metadata.get("source"), document.metadata.get("url")
    if not isinstance(source, str) or not isinstance(url, str):
        return []
    host = (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    if (
        not host
        or main_label(host) in _COMMON_WORDS  # news.cn, Xinhua's: no publisher's name
        or _IDENTIFIER.fullmatch(source.strip())
        or source_matches_host(source, host)
    ):
        return []
    return [rule.finding(document, field, 0, 0, match=source, source=source, host=host)]


#: a source written as an identifier ("scrapinghub-aeb", "reuters21578"): the name of a
#: data set or crawl, not of a publisher, so there is no site to compare it with
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+|[a-z]+[0-9][a-z0-9]*")


def source_matches_host(source: str, host: str) -> bool:
    """Whether a source's name and a host name one publisher: the name's letters run
    through the host's main label in order ("The New York Times", nytimes.com), or the
    label starts with its initials ("Associated Press", apnews.com)."""
    if "." in source and " " not in source.strip():  # the source is a domain itself
        source_host = source.strip().lower().removeprefix("www.")
        return host == source_host or host.endswith("." + source_host)
    label = main_label(host)
    folded = words(_folded(source))
    # Initials with the small words or without them ("Voice of America": voanews.com;
    # "Press Trust of India": ptinews.com).
    named = [w for w in folded if w not in ("the", "a")]
    initials = {"".join(w[0] for w in named), "".join(w[0] for w in named if w not in _SMALL)}
    if any(len(i) >= 2 and label.startswith(i) for i in initials):
        return True
    # The name with its accents dropped, or German's written out ("Süddeutsche Zeitung",
    # sueddeutsche.de; "El País", elpais.com), against the registered label and a
    # subdomain that names the publisher (timesofindia.indiatimes.com).
    labels = [
        label,
        *(sub for sub in host.split(".")[:-2] if len(sub) >= 6 and sub not in _GENERIC),
    ]
    names = {"".join(folded), "".join(words(_folded(source, german=True)))}
    return any(
        _subsequence(lab, name) or _subsequence(name, lab) for lab in labels for name in names
    )


#: subdomains that name a section or an edition, not a publisher
_GENERIC = frozenset({"english", "edition", "mobile", "global", "international", "online"})
#: the small words of a name, left out of its initials too
_SMALL = frozenset({"of", "and", "for", "de", "del", "des", "du", "la", "le", "el", "di", "y"})
#: registered labels that are a common word alone (news.cn is Xinhua's): whose site it is
#: cannot be told from them
_COMMON_WORDS = frozenset({"news", "online", "press", "media", "web", "info", "daily"})
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def _folded(text: str, german: bool = False) -> str:
    """``text`` without its accents ("País" -> "Pais"); with ``german``, umlauts written
    out first ("Süd" -> "Sued")."""
    if german:
        text = text.translate(_GERMAN)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: second-level labels of country domains under which publishers register (bbc.co.uk)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def main_label(host: str) -> str:
    """The label a publisher registered: "nytimes" in www.nytimes.com, "bbc" in
    bbc.co.uk."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return bool(short) and all(c in letters for c in short)


def _weekday(rule: Rule, document: Document, field: str) -> list[Finding]:
    date = unambiguous_date(document.metadata.get("date"))
    if date is None:
        return []  # a dateline's month and day name no weekday without the year
    text = document.fields[field]
    found = document_opening(document, field)
    lead_start = found.dateline.end if found.dateline is not None else 0
    lead_end = _SENTENCE_END.search(text, lead_start)
    lead = text[lead_start : lead_end.start() if lead_end else len(text)]
    named = _REPORTED_ON.search(lead)
    if named is None:
        return []
    back = (date.weekday() - WEEKDAYS.index(named.group("day"))) % 7
    if back <= rule.tolerance_days:
        return []
    start = lead_start + named.start("day")
    return [
        rule.finding(
            document,
            field,
            start,
            start + len(named.group("day")),
            weekday=WEEKDAYS[date.weekday()],
            date=date.isoformat(),
        )
    ]


def _leaked(rule: Rule, document: Document, field: str) -> list[Finding]:
    text = document.fields[field]
    findings = []
    for m in _LEAKED.finditer(text, 0, head_end(text, rule.head_lines)):
        i = next(i for i, group in enumerate(_HEADER_NAMES) if m.group(group))
        name, kind, start = m.group(_HEADER_NAMES[i]), _HEADER_KINDS[i], m.start(_HEADER_NAMES[i])
        key = _HEADER_FIELD.get(name.lower(), name.lower())
        value = m.group(kind).strip()
        fix, reason = _leaked_fix(document, text, key, value, kind, start, m.end())
        findings.append(rule.finding(document, field, start, m.end(), fix, key=key, reason=reason))
    return findings


def _leaked_fix(
    document: Document, text: str, key: str, value: str, kind: str, start: int, end: int
) -> tuple[Fix | None, str]:
    """The fix of a leaked header, and what the record's field says of it."""
    held = document.metadata.get(key)
    if key not in document.metadata:
        return None, f"the record has no {key} field to hold it"
    rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
    delete = (
        line_span(text, start, end)
        if not rest.strip()
        else (start, end + len(rest) - len(rest.lstrip()))
    )
    if held in (None, "", []):
        sure = Applicability.SAFE if kind != "text" else Applicability.UNSAFE
        edits = (Edit(*delete), Edit(0, 0, value, key))
        return Fix(edits, sure), f"moved into the empty {key} field"
    if _same(held, value, kind):
        return Fix((Edit(*delete),), Applicability.SAFE), f"the record's {key} holds it already"
    return None, f"the record's {key} says otherwise: {shorten(str(held), 40)!r}"


def _same(held: Any, value: str, kind: str) -> bool:
    if kind == "date":
        return unambiguous_date(held) == unambiguous_date(value)
    if isinstance(held, list):
        return sorted(words(" ".join(map(str, held)))) == sorted(words(value))
    return words(str(held)) == words(value)


_CHECKS: dict[str, Callable[[Rule, Document, str], list[Finding]]] = {
    "headline": _headline,
    "authors": _authors,
    "source": _source,
    "weekday": _weekday,
    "leaked": _leaked,
}


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Each consistency rule compares the record's metadata with the fields it reads."""

    def check(document: Document) -> list[Finding]:
        findings = []
        for rule, field, _ in texts_read(rules, document):
            findings.extend(_CHECKS[rule.check](rule, document, field))
        return findings

    return check
