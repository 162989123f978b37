"""Datelines: the place, date and agency a wire story opens with, and what is wrong with them.

The grammar, for the start of the story's first paragraph::

    LOCATION[, REGION][, DATE][ (AGENCY)] DASH      "MOSCOW, Feb 9 (Reuters) -"
    (AGENCY) DASH  or  AGENCY DASH                   "(AP) —", "AP -"

- LOCATION: one to four words in capitals ("MOSCOW", "NEW YORK", "COEUR D'ALENE",
  "WINSTON-SALEM");
- REGION: a state, province or country as written after the place ("Calif.", "N.Y.",
  "New Zealand");
- DATE: a month and day in the styles agencies use ("Feb 9", "Feb. 9", "February 9",
  "9 February"), with an optional year;
- AGENCY: a name in brackets ("(Reuters)", "(AP)", "(Xinhua)");
- DASH: "-", "--", "—" or "–" with a space on either side.

:func:`opening` finds the dateline among the first lines of a text, past the lines a
story may carry before it (headline, summary bullets, byline, wire slugs and advisories);
a first line that tries to be a dateline and fails the grammar is a malformed dateline,
with the reason; a story that opens with neither has none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

from newslint.dates import MONTHS

#: month names and abbreviations, longest first so that "March" is not read as "Mar"
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

#: capitals and letters as places are spelt in Latin scripts ("BOGOTÁ", "ŁÓDŹ", "Zürich");
#: Latin Extended-A and B interleave upper and lower case, so their whole ranges count
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏ"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ɏ"
_LOCATION_WORD = rf"[{_UPPER}][{_UPPER}.'’&-]*+"
_LOCATION = rf"{_LOCATION_WORD}(?:[ ]{_LOCATION_WORD}){{0,3}}"
#: a place not in capitals ("Toronto", "sioux falls") counts only before a date or an
#: agency in brackets ("Paris (AFP) -", the style of AFP, CNN and dpa)
_ANY_CASE_WORD = rf"[{_LETTER}][{_LETTER}.'’&-]*+"
_ANY_CASE_LOCATION = rf"{_ANY_CASE_WORD}(?:[ ]{_ANY_CASE_WORD}){{0,2}}"
#: the small words a region's name may hold in lower case ("Isle of Man", "Bosnia and
#: Herzegovina", "Côte d'Ivoire"); any other word of a region is capitalised, so "Rhode
#: island" is a typo
_CONNECTOR = r"(?:of|and|de|del|da|do|du|la|y|et)"
_CONNECTOR_WORD = re.compile(_CONNECTOR)
_REGION_WORD = rf"[{_UPPER}][{_LETTER}.'’-]*+"
_REGION = rf"{_REGION_WORD}(?:[ ](?:{_CONNECTOR}[ ])?(?:[dl]['’])?{_REGION_WORD}){{0,2}}"
#: a comma, with a space on either side or none ("ATLANTA , March 3", "PARIS,March 16")
_COMMA = r"[ ]?,[ ]?"
_DAY = r"[0-3]?\d"
_DATE = (
    rf"(?P<month>(?i:{MONTH}))\.?[ ](?P<day>{_DAY})"
    rf"|(?P<day2>{_DAY})[ ](?P<month2>(?i:{MONTH}))\.?"
)
#: the same, without its groups, to look ahead with
_DATE_AHEAD = rf"(?i:{MONTH})\.?[ ]{_DAY}|{_DAY}[ ](?i:{MONTH})"
#: a name in capitals, or dpa's in lower case ("(dpa-AFX)")
_AGENCY = r"(?:dpa\b|[A-Z])[\w&.'’-]*(?:[ ][A-Z][\w&.'’-]*){0,3}"

#: a well-formed dateline at the start of a line (leading asterisks, as some feeds mark
#: the lead, allowed), up to its dash and the spaces after it
DATELINE = re.compile(
    r"(?:\*+[ ]?)?"
    rf"(?:(?P<bare_agency>AP|AFP|UPI|Reuters|Xinhua|dpa)(?=[ ](?:--?|—|–)[ ])"
    rf"|(?:(?P<location>{_LOCATION})"
    rf"(?:(?:{_COMMA}|[ ])(?P<region>{_REGION}))??"
    rf"|(?P<any_case_location>{_ANY_CASE_LOCATION})"
    rf"(?:{_COMMA}(?P<region2>{_REGION}))??(?={_COMMA}(?:{_DATE_AHEAD})|[ ]\({_AGENCY}\)))"
    rf"(?:{_COMMA}(?P<date>{_DATE})(?:,[ ](?P<year>\d{{4}}))?)?"
    rf"(?:[ ]\((?P<agency>{_AGENCY})\))?"
    rf"|\((?P<agency_only>{_AGENCY})\))"
    r"(?:[ ]|(?<=\d))(?P<dash>--?|—|–)[ ]+(?=\S)"
)
#: the groups :func:`parse` reads, fetched in one call: it runs on every document
_PARTS = ("location", "any_case_location", "region", "region2", "date", "year", "dash")
#: the part of a line before its first spaced dash: where a dateline ends
_DASH_END = re.compile(r"(?:^|[ ])(?:--?-?|—|–)(?:[ ]|$)")
#: lines a story may carry above its dateline
_SKIPPABLE = re.compile(
    r"[*•·]\s|By\s|BY\s|\((?:Adds|Updates|Recasts|Corrects|Repeats|Changes)\b"
    r"|(?:UPDATE\s\d+|RPT|REFILE|CORRECTED|CORRECTION|WRAPUP(?:\s\d+)?)\s*-"
)
#: a wire slug glued before the dateline on its line ("CORRECTION - LONDON - ...")
_SLUG = re.compile(r"(?:UPDATE\s\d+|RPT|REFILE|CORRECTED|CORRECTION|\(CORRECTION\))\s*-+\s*")
_DATE_ONLY = re.compile(rf"(?i:(?:{MONTH})\.?\s*\d{{1,2}}|\d{{1,2}}\s*(?:{MONTH})\.?)\b")
_WORD = re.compile(r"[\w'’.-]+")
_SENTENCE_END = re.compile(r"[.,;!?](?:[\s(]|$)")


class Dateline(NamedTuple):
    """A well-formed dateline at ``[start, end)`` of the text (its dash included)."""

    start: int
    end: int
    location: str | None
    region: str | None
    month: int | None
    day: int | None
    year: int | None
    agency: str | None
    dash: str

    @property
    def has_date(self) -> bool:
        return self.month is not None

    def date_near(self, anchor: dt.date) -> dt.date | None:
        """The dateline's date, its year (when the dateline gives none) the one that puts it
        nearest ``anchor``; None when it has no date or the day does not exist."""
        if self.month is None or self.day is None:
            return None
        years = [self.year] if self.year else [anchor.year - 1, anchor.year, anchor.year + 1]
        dates = []
        for year in years:
            try:
                dates.append(dt.date(year, self.month, self.day))
            except ValueError:
                continue
        return min(dates, key=lambda d: abs((d - anchor).days)) if dates else None


class Malformed(NamedTuple):
    """A line opening that tries to be a dateline and breaks the grammar."""

    start: int
    end: int
    reason: str


class Opening(NamedTuple):
    """How a text opens: its dateline, or a malformed one, or neither (both None).

    ``preceded_by`` is the first line above the dateline that a story does not carry there
    (not a headline, summary bullet, byline, slug or advisory), or None.
    """

    dateline: Dateline | None
    malformed: Malformed | None
    preceded_by: tuple[int, int] | None


def parse(line: str, offset: int = 0) -> Dateline | None:
    """The dateline at the start of ``line`` (offsets shifted by ``offset``), or None.

    What follows the dash must be the story: a line such as "MONEY RATES - APRIL 7" or
    "NYSE HALT - ACME WIDGETS CORP" is a report's title, not a dateline (see
    :func:`_title_line`).
    """
    m = DATELINE.match(line)
    if m is None:
        return None
    location, place, region, region2, date, year, dash = m.group(*_PARTS)
    if _title_line(line[m.end() :], dated=date is not None):
        return None
    if region is not None and region.lower().removesuffix(".") in MONTHS:
        return None  # a month alone is a date that lost its day ("NEW YORK, May -")
    if place and date is None and _uncapitalised(place):
        return None  # before an agency alone, a place not in capitals is still capitalised
    month_name = m.group("month") or m.group("month2") if date else None
    day = m.group("day") or m.group("day2") if date else None
    agency = m.group("agency") or m.group("agency_only") or m.group("bare_agency")
    return Dateline(
        offset + len(line) - len(line.lstrip("* ")),
        offset + m.end("dash"),
        location or place,
        region or region2,
        MONTHS[month_name.lower()] if month_name else None,
        int(day) if day else None,
        int(year) if year else None,
        agency,
        dash,
    )


def _uncapitalised(words: str) -> bool:
    """Whether a name has a word in lower case other than "of", "de" and the like."""
    return any(w[0].islower() and _CONNECTOR_WORD.fullmatch(w) is None for w in words.split())


def _title_line(rest: str, dated: bool) -> bool:
    """Whether the rest of a line after "X - " makes the line a title, not a dateline: the
    story's prose has lower-case letters, and a title is followed by the report's date."""
    rest = rest.split("\n", 1)[0].strip()
    if dated:
        return False
    return _DATE_ONLY.match(rest) is not None or not any(c.islower() for c in rest)


def _lines(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, content) of the first ``limit`` non-blank lines, leading blanks skipped,
    read as they are asked for: most stories open with their dateline."""
    pos, size, count = 0, len(text), 0
    while pos <= size and count < limit:
        nl = text.find("\n", pos)
        end = size if nl == -1 else nl
        raw = text[pos:end]
        content = raw.strip()
        if content:
            count += 1
            yield pos + len(raw) - len(raw.lstrip()), content
        pos = end + 1


#: what a line must hold to be a dateline: a spaced dash, or one after a day ("March 4-")
_HAS_DASH = re.compile(r"[ \d](?:--?|—|–)[ ]")


#: how many lines from the top a dateline is looked for, unless a rule says otherwise
OPENING_LINES = 8


def opening(text: str, max_lines: int = OPENING_LINES) -> Opening:
    """Where the story's dateline is among the first ``max_lines`` non-blank lines.

    On the story's first line (the first line, or the second under a headline) anything
    the grammar takes is the dateline, and a broken attempt is a malformed one; further
    down, only a dateline with a date or an agency counts, so that a line of a table or
    a list ("NOTE - ...") is not taken for one.
    """
    preceded_by: tuple[int, int] | None = None
    headline = False
    for index, (offset, content) in enumerate(_lines(text, max_lines)):
        first_story_line = index == 0 or (index == 1 and headline)
        if index == 0:
            headline = headline_like(content)
        if not first_story_line and _HAS_DASH.search(content, 0, 200) is None:
            if preceded_by is None and not _SKIPPABLE.match(content):
                preceded_by = (offset, offset + len(content))
            continue  # no dash: no dateline on this line (nor a malformed one to report)
        slug = _SLUG.match(content)
        skip = slug.end() if slug else 0
        dateline = parse(content[skip:], offset + skip)
        if dateline is not None and (
            first_story_line or dateline.has_date or dateline.agency is not None
        ):
            return Opening(dateline, None, preceded_by)
        if first_story_line:
            glued = _glued(content, offset)
            if glued is not None:
                return Opening(glued, None, (offset, glued.start))
            problem = _malformed(content[skip:], offset + skip)
            if problem is not None:
                return Opening(None, problem, preceded_by)
        if preceded_by is None and not _SKIPPABLE.match(content) and not (index == 0 and headline):
            preceded_by = (offset, offset + len(content))
    return Opening(None, None, None)


#: where a place in capitals and a comma may start a dateline inside a line
_PLACE_START = re.compile(rf"(?<=[ ])(?={_LOCATION},[ ]?(?:{_DATE_AHEAD}))")


def _glued(line: str, offset: int) -> Dateline | None:
    """A dated dateline inside the line, a headline run into it ("Miner denies takeover talk
    ZURICH, Oct 4 - The company ..."): not malformed, but not at the start. A headline in
    capitals lends the place up to three of its last words: the line is still reported as
    not opening with its dateline, which is what matters."""
    for m in _PLACE_START.finditer(line, 0, 200):
        found = parse(line[m.start() :], offset + m.start())
        if found is not None and found.has_date:
            return found
    return None


def headline_like(line: str, min_words: int = 2) -> bool:
    """A headline: a few words, mostly of letters, with no sentence ending in or after it
    and no dash-ended prefix."""
    words = line.split()
    return (
        min_words <= len(words) <= 20
        and sum(w[0].isalpha() for w in words) * 2 > len(words)
        and _SENTENCE_END.search(line) is None
        and not _DASH_END.search(line)
    )


def _malformed(line: str, offset: int) -> Malformed | None:
    """The reason a line's opening is a broken dateline, or None when it is no dateline at
    all (prose, a headline run into the text, or a title line)."""
    dash = _DASH_END.search(line[:80])
    missing = _missing_dash(line, offset)
    # a dash further on belongs to the story when prose stands before it
    if missing is not None and (
        dash is None or re.search(r"\b[a-z]", line[missing.end - offset : dash.start()])
    ):
        return missing
    if dash is None:
        return None
    prefix, rest = line[: dash.start()].strip(), line[dash.end() :]
    end = offset + len(line[: dash.end()].rstrip())
    second = re.match(rf"(?:{_DATE_AHEAD})\s+(?:--?|—|–)(?=\s)", rest)
    if second:  # "TULSA, Okla. - June 3 - ...": a dash between place and date
        return Malformed(offset, offset + dash.end() + second.end(), "a dash before the date")
    dated = _DATE_ONLY.search(prefix) is not None
    words = len(_WORD.findall(prefix))
    numbered = dated or (words <= 5 and any(c.isdigit() for c in prefix))
    if len(prefix.split()) > 1 and not any(c.isalpha() for c in prefix):
        return None  # a row of figures
    if not numbered and (
        _title_line(rest, dated) or words > 4 or any(w[0].islower() for w in prefix.split())
    ):
        return None  # a title line, a headline run into the text, or prose
    if _DATE_ONLY.match(rest.strip()) and not dated:
        return None  # "TOKYO SILVER 1515 - OCT 9": a report's title and its date
    return Malformed(offset, end, _diagnose(prefix))


#: a dated dateline whose dash is lost ("MOSCOW, Feb 9 The", "Feb 9: The") or glued to the
#: story ("Feb 9 -The"); the date tells it from a sentence that opens with a place
_UNDASHED = re.compile(
    rf"{_LOCATION}(?:,[ ]{_REGION})??,[ ](?:{_DATE})(?:,[ ]\d{{4}})?(?:[ ]\({_AGENCY}\))?"
    rf"(?:(?P<glued>[ ]?(?:--?|—|–))(?=[{_UPPER}\"“‘'])|[:;.]?(?=[ ][{_UPPER}]))"
)


#: news agencies by the names their datelines give them: for a dateline that lost its dash,
#: where a name in brackets could as well be an abbreviation ("European Community (EC)")
WIRE_AGENCIES = (
    "AP|AFP|UPI|Reuters|Xinhua|dpa|CNN|IANS|PTI|ANI|EFE|ANSA|Kyodo|Yonhap|TASS|AAP|Bernama"
)
#: an agency's dateline run into the story, dash and space lost ("(CNN)The", "WASHINGTON
#: (AP)A judge", "DENVER, May 4 (Reuters)The"), with a place (and date) before it or not
_AGENCY_GLUED = re.compile(
    rf"(?:(?:{_LOCATION}|(?!(?:The|A|An)[ ])[{_UPPER}][{_LETTER}]+(?:[ ][{_UPPER}][{_LETTER}]+)?)"
    rf"(?:,[ ]{_REGION})??(?:,[ ](?:{_DATE_AHEAD})\.?)?[ ])?"
    rf"\((?:{WIRE_AGENCIES})\)(?=[{_UPPER}\"“‘])"
)


def _missing_dash(line: str, offset: int) -> Malformed | None:
    """A dated dateline that lost its dash, or whose dash lost its space to the story; an
    agency's dateline run into the story."""
    glued = _AGENCY_GLUED.match(line)
    if glued is not None:
        return Malformed(offset, offset + glued.end(), "the dateline runs into the story: no dash")
    m = _UNDASHED.match(line)
    if m is None:
        return None
    if m.group("glued"):
        return Malformed(offset, offset + m.end(), "no space after the dateline's dash")
    return Malformed(offset, offset + m.end(), "the dash after the dateline is missing")


def _diagnose(prefix: str) -> str:
    """What is wrong with a dateline-like ``prefix`` (the text before its dash)."""
    if not prefix:
        return "the dateline has no place or date before its dash"
    near = _near_month(prefix)
    if near:
        return f"misspelt month: {near!r}"
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
    if re.search(r",\s*Reuters?\b|,\s*AP\b", prefix):
        return "the agency is not in brackets"
    if re.search(rf"[A-Za-z.]\s+(?i:{MONTH})\.?\s+\d", prefix):
        return "a comma is missing before the date"
    month = re.search(rf"(?i:\b(?:{MONTH}))\.?$", prefix)
    if month:
        return f"the date has no day: {month.group(0)!r}"
    if _DATE_ONLY.match(prefix):
        return "the dateline has no place before its date"
    if not _DATE_ONLY.search(prefix):
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
            and _uncapitalised(part)
        ):
            return part.strip()
    return None


#: what follows a month's abbreviation in a date: its day
_DAY_AFTER = re.compile(r"\.?\s\d{1,2}\b")


def _near_month(prefix: str) -> str | None:
    """A token that is a month name misspelt or split ("Augus t4", "Febuary", "Arpil")."""
    for m in re.finditer(r"\b([A-Za-z]{3,9})(?:\s([A-Za-z]{1,3})(?=\d))?", prefix):
        word = (m.group(1) + (m.group(2) or "")).lower()
        if word in MONTHS and m.group(2):
            return m.group(0)
        if (
            len(word) == 3
            and _DAY_AFTER.match(prefix, m.end())
            and any(_swapped(word, month) for month in MONTHS if len(month) == 3)
        ):
            # An abbreviation before a day with two letters swapped ("Fbe 9"). Any other
            # typo in three letters is as likely another word's ("War 9").
            return m.group(0)
        if (
            word not in MONTHS
            and len(word) >= 4
            and any(_edit_distance_one(word, month) for month in MONTHS if len(month) >= 4)
        ):
            return m.group(0)
    return None


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
