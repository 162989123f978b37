"""Malformed datelines: a story's first line that tries to be a dateline and breaks the
grammar (:mod:`newslint.dateline_grammar`), and what is wrong with it: a misspelt month, a
letter in the day, an impossible day, a lost or glued dash, a region in lower case...
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newslint.dateline_grammar import (
    AGENCY,
    DASH_END,
    DATE,
    DATE_AHEAD,
    DATE_ONLY,
    LETTER,
    LOCATION,
    MONTH,
    REGION,
    UPPER,
    WIRE_AGENCIES,
    WORD,
    title_line,
    uncapitalised,
)
from newslint.dates import MONTHS


class Malformed(NamedTuple):
    """A line opening that tries to be a dateline and breaks the grammar."""

    start: int
    end: int
    reason: str
    #: (month, day) the line still gives when only its month is misspelt and just one
    #: month is that near ("Apri 1" is April 1); for the date checks, as a dateline's date
    date: tuple[int, int] | None = None


def malformed(line: str, offset: int) -> Malformed | None:
    """The reason a line's opening is a broken dateline, or None when it is no dateline at
    all (prose, a headline run into the text, or a title line)."""
    dash = DASH_END.search(line[:80])
    missing = _missing_dash(line, offset)
    # a dash further on belongs to the story when prose stands before it
    if missing is not None and (
        dash is None or re.search(r"\b[a-z]", line[missing.end - offset : dash.start()])
    ):
        return missing
    if dash is None:
        return None
    prefix, rest = line[: dash.start()].strip(), line[dash.end() :]
    if _LABEL.match(prefix):
        return None  # "Updated: 24.07.2024 - 12:15": a page's timestamp, no dateline
    end = offset + len(line[: dash.end()].rstrip())
    second = re.match(rf"(?:{DATE_AHEAD})\s+(?:--?|—|–)(?=\s)", rest)
    if second:  # "TULSA, Okla. - June 3 - ...": a dash between place and date
        return Malformed(offset, offset + dash.end() + second.end(), "a dash before the date")
    dated = DATE_ONLY.search(prefix) is not None
    words = len(WORD.findall(prefix))
    numbered = dated or (words <= 5 and any(c.isdigit() for c in prefix))
    if len(prefix.split()) > 1 and not any(c.isalpha() for c in prefix):
        return None  # a row of figures
    if not numbered and (
        title_line(rest, dated) or words > 4 or any(w[0].islower() for w in prefix.split())
    ):
        return None  # a title line, a headline run into the text, or prose
    if DATE_ONLY.match(rest.strip()) and not dated:
        return None  # "TOKYO SILVER 1515 - OCT 9": a report's title and its date
    near = _near_month(prefix)
    if near is None:
        return Malformed(offset, end, _diagnose(prefix))
    return Malformed(offset, end, f"misspelt month: {near[0].group(0)!r}", _date_of(prefix, *near))


#: a label and its colon ("Updated:", "Issued on:"): what follows is a value, not a place
#: (a place in capitals and a colon, "DENVER: May 4 -", is still a dateline gone wrong)
_LABEL = re.compile(rf"(?![{UPPER}]+:)[^\W\d]+(?:[ ][^\W\d]+)?:(?:[ ]|$)")


#: a dated dateline whose dash is lost ("MOSCOW, Feb 9 The", "Feb 9: The") or glued to the
#: story ("Feb 9 -The"); the date tells it from a sentence that opens with a place
_UNDASHED = re.compile(
    rf"{LOCATION}(?:,[ ]{REGION})??,[ ](?:{DATE})(?:,[ ]\d{{4}})?(?:[ ]\({AGENCY}\))?"
    rf"(?:(?P<glued>[ ]?(?:--?|—|–))(?=[{UPPER}\"“‘'])|[:;.]?(?=[ ][{UPPER}]))"
)


#: an agency's dateline run into the story, dash and space lost ("(CNN)The", "WASHINGTON
#: (AP)A judge", "DENVER, May 4 (Reuters)The"), with a place (and date) before it or not
_AGENCY_GLUED = re.compile(
    rf"(?:(?:{LOCATION}|(?!(?:The|A|An)[ ])[{UPPER}][{LETTER}]+(?:[ ][{UPPER}][{LETTER}]+)?)"
    rf"(?:,[ ]{REGION})??(?:,[ ](?:{DATE_AHEAD})\.?)?[ ])?"
    rf"\((?:{WIRE_AGENCIES})\)(?=[{UPPER}\"“‘])"
)


#: a dateline whose dash is glued to the agency's bracket ("LONDON (Reuters)- Shares")
_DASH_AFTER_BRACKET = re.compile(
    rf"{LOCATION}(?:,[ ]{REGION})??(?:,[ ](?:{DATE_AHEAD})\.?(?:,[ ]\d{{4}})?)?"
    rf"[ ]\((?:{AGENCY})\)(?:--?|—|–)(?=[ ]|[{UPPER}\"“‘])"
)


def _missing_dash(line: str, offset: int) -> Malformed | None:
    """A dated dateline that lost its dash, or whose dash lost its space to the story or
    to the agency; an agency's dateline run into the story."""
    glued = _AGENCY_GLUED.match(line)
    if glued is not None:
        return Malformed(offset, offset + glued.end(), "no dash between the dateline and the story")
    glued = _DASH_AFTER_BRACKET.match(line)
    if glued is not None:
        return Malformed(offset, offset + glued.end(), "no space before the dateline's dash")
    m = _UNDASHED.match(line)
    if m is None:
        return None
    if m.group("glued"):
        return Malformed(offset, offset + m.end(), "no space after the dateline's dash")
    return Malformed(offset, offset + m.end(), "the dash after the dateline is missing")


def _diagnose(prefix: str) -> str:
    """What is wrong with a dateline-like ``prefix`` (the text before its dash) whose month,
    if it has one, is not misspelt (:func:`_near_month` looks for that first)."""
    if not prefix:
        return "the dateline has no place or date before its dash"
    for token in re.findall(r"\b\w+\b", prefix):
        if re.fullmatch(r"\d*[OoIl]\d*|\d+[OoIl]+\d*", token) and any(c.isdigit() for c in token):
            return f"a letter in the day: {token!r}"
    day = re.search(rf"(?i:\b(?:{MONTH})\.?)\s+(\d+)\b", prefix)
    if day and not 1 <= int(day.group(1)) <= 31:
        return f"impossible day: {day.group(1)}"
    region = _lower_case_region(prefix)
    if region:
        return f"a region in lower case: {region!r}"
    if re.search(r",\s*$", prefix) or re.search(rf"(?i:{MONTH}),\s*\d", prefix):
        return "a stray comma in the date"
    if re.search(r",\s*Reuters?\b|,\s*AP\b", prefix) or re.search(
        rf"[ ,\d](?i:{WIRE_AGENCIES}|Reuter)$", prefix
    ):
        return "the agency is not in brackets"
    if re.search(r"\S\([^()]+\)$", prefix):
        return "no space before the agency's bracket"
    if re.search(r"\(\s|\s\)$", prefix):
        return "spaces inside the agency's brackets"
    if re.search(rf"[A-Za-z.]\s+(?i:{MONTH})\.?\s+\d", prefix):
        return "a comma is missing before the date"
    month = re.search(rf"(?i:\b(?:{MONTH}))\.?$", prefix)
    if month:
        return f"the date has no day: {month.group(0)!r}"
    if DATE_ONLY.match(prefix):
        return "the dateline has no place before its date"
    if not DATE_ONLY.search(prefix):
        return "the dateline has no date"
    return "the dateline does not follow the place, date, agency, dash order"


def _lower_case_region(prefix: str) -> str | None:
    """A region after the place with a word in lower case ("Rhode island", "calif."), other
    than the small words a region's name holds ("Isle of Man")."""
    for part in prefix.split(",")[1:]:
        words = part.split()
        if (
            1 <= len(words) <= 3
            and all(w.replace(".", "").isalpha() for w in words)
            and words[0].rstrip(".").lower() not in MONTHS
            and uncapitalised(part)
        ):
            return part.strip()
    return None


#: what follows a month's abbreviation in a date: its day
_DAY_AFTER = re.compile(r"\.?\s\d{1,2}\b")


def _near_month(prefix: str) -> tuple[re.Match[str], set[int]] | None:
    """A token that is a month name misspelt or split ("Augus t4", "Febuary", "Arpil"), and
    the months it may be."""
    for m in re.finditer(r"\b([A-Za-z]{3,9})(?:\s([A-Za-z]{1,3})(?=\d))?", prefix):
        word = (m.group(1) + (m.group(2) or "")).lower()
        if word in MONTHS and m.group(2):
            return m, {MONTHS[word]}
        if len(word) == 3 and _DAY_AFTER.match(prefix, m.end()):
            # An abbreviation before a day with two letters swapped ("Fbe 9"). Any other
            # typo in three letters is as likely another word's ("War 9").
            months = {n for name, n in MONTHS.items() if len(name) == 3 and _swapped(word, name)}
        elif word not in MONTHS and len(word) >= 4:
            months = {
                n for name, n in MONTHS.items() if len(name) >= 4 and _edit_distance_one(word, name)
            }
        else:
            continue
        if months:
            return m, months
    return None


def _date_of(prefix: str, month: re.Match[str], months: set[int]) -> tuple[int, int] | None:
    """(month, day) of a date whose month is misspelt: the day written after the month (or
    glued to its split end, "Augus t4") or before it ("4 Jnue"), a day that exists."""
    if len(months) != 1:
        return None
    day = re.match(r"\.?\s?(\d{1,2})\b", prefix[month.end() :]) or re.search(
        r"\b(\d{1,2})\s$", prefix[: month.start()]
    )
    if day is None or not 1 <= int(day.group(1)) <= 31:
        return None
    return next(iter(months)), int(day.group(1))


def _edit_distance_one(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of two
    neighbouring letters (a common typo: "Arpil")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1 or _swapped(a, b)
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _swapped(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with two neighbouring letters swapped ("Arpil", "Fbe")."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diff) == 2
        and diff[1] - diff[0] == 1
        and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
    )
