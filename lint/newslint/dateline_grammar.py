"""The grammar of datelines, for the start of a story's first paragraph::

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

:func:`parse` reads a well-formed dateline; the pieces of the grammar serve
:mod:`newslint.dateline_faults` too, which says what is wrong with a broken one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from newslint.dates import MONTHS

#: month names and abbreviations, longest first so that "March" is not read as "Mar"
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

#: capitals and letters as places are spelt in Latin scripts ("BOGOTÁ", "ŁÓDŹ", "Zürich");
#: Latin Extended-A and B interleave upper and lower case, so their whole ranges count
UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏ"
LETTER = "A-Za-zÀ-ÖØ-öø-ÿĀ-ɏ"
_LOCATION_WORD = rf"[{UPPER}][{UPPER}.'’&-]*+"
#: up to four words; a slash between two places ("HONG KONG/SINGAPORE")
LOCATION = rf"{_LOCATION_WORD}(?:[ /]{_LOCATION_WORD}){{0,3}}"
#: a place not in capitals ("Toronto", "sioux falls") counts only before a date or an
#: agency in brackets ("Paris (AFP) -", the style of AFP, CNN and dpa)
_ANY_CASE_WORD = rf"[{LETTER}][{LETTER}.'’&-]*+"
_ANY_CASE_LOCATION = rf"{_ANY_CASE_WORD}(?:[ ]{_ANY_CASE_WORD}){{0,2}}"
#: the small words a region's name may hold in lower case ("Isle of Man", "Bosnia and
#: Herzegovina", "Côte d'Ivoire"); any other word of a region is capitalised, so "Rhode
#: island" is a typo
_CONNECTOR = r"(?:of|and|de|del|da|do|du|la|y|et)"
_CONNECTOR_WORD = re.compile(_CONNECTOR)
_REGION_WORD = rf"[{UPPER}][{LETTER}.'’-]*+"
REGION = rf"{_REGION_WORD}(?:[ ](?:{_CONNECTOR}[ ])?(?:[dl]['’])?{_REGION_WORD}){{0,2}}"
#: a comma, with a space on either side or none ("ATLANTA , March 3", "PARIS,March 16")
_COMMA = r"[ ]?,[ ]?"
_DAY = r"[0-3]?\d"
DATE = (
    rf"(?P<month>(?i:{MONTH}))\.?[ ](?P<day>{_DAY})"
    rf"|(?P<day2>{_DAY})\.?[ ](?P<month2>(?i:{MONTH}))\.?"  # "9. Feb", as German writes it
)
#: the same, without its groups, to look ahead with
DATE_AHEAD = rf"(?i:{MONTH})\.?[ ]{_DAY}|{_DAY}\.?[ ](?i:{MONTH})"
#: a name in capitals, or dpa's in lower case ("(dpa-AFX)"), with a regional desk ("(dpa/lby)")
AGENCY = r"(?:dpa\b|[A-Z])[\w&.'’-]*(?:/[a-z]{2,4}\b)?(?:[ ][A-Z][\w&.'’-]*){0,3}"

#: news agencies by the names their datelines give them: where a dateline is broken, a
#: name in brackets could as well be an abbreviation ("European Community (EC)The"), and
#: only these are taken for an agency
WIRE_AGENCIES = (
    "AP|AFP|UPI|Reuters|Xinhua|dpa|CNN|IANS|PTI|ANI|EFE|ANSA|Kyodo|Yonhap|TASS|AAP|Bernama"
)
#: the same in capitals: not the last word of a place ("NEW YORK AP -" lost its brackets)
_AGENCY_WORDS = frozenset(WIRE_AGENCIES.upper().split("|"))

#: a well-formed dateline at the start of a line (leading asterisks, as some feeds mark
#: the lead, allowed), up to its dash and the spaces after it
DATELINE = re.compile(
    r"(?:\*+[ ]?)?"
    rf"(?:(?P<bare_agency>AP|AFP|UPI|Reuters|Xinhua|dpa)(?=[ ](?:--?|—|–)[ ])"
    rf"|(?:(?P<location>{LOCATION})"
    rf"(?:(?:{_COMMA}|[ ])(?P<region>{REGION}(?:{_COMMA}{REGION})?))??"  # "FL, UNITED STATES"
    rf"|(?P<any_case_location>{_ANY_CASE_LOCATION})"
    rf"(?:{_COMMA}(?P<region2>{REGION}))??(?={_COMMA}(?:{DATE_AHEAD})|[ ]\({AGENCY}\)))"
    rf"(?:{_COMMA}(?P<date>{DATE})(?:,[ ](?P<year>\d{{4}}))?)?"
    rf"(?:[ ]\((?P<agency>{AGENCY})\)|[ ]/(?P<newswire>{AGENCY})/)?"  # "/PRNewswire/"
    rf"|\((?P<agency_only>{AGENCY})\))"
    r"(?:[ ]|(?<=\d))(?P<dash>--?|—|–)[ ]+(?=\S)"
)
#: the groups :func:`parse` reads, fetched in one call: it runs on every document
_PARTS = ("location", "any_case_location", "region", "region2", "date", "year", "dash")
#: the part of a line before its first spaced dash: where a dateline ends
DASH_END = re.compile(r"(?:^|[ ])(?:--?-?|—|–)(?:[ ]|$)")
DATE_ONLY = re.compile(rf"(?i:(?:{MONTH})\.?\s*\d{{1,2}}|\d{{1,2}}\s*(?:{MONTH})\.?)\b")
WORD = re.compile(r"[\w'’.-]+")


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


def parse(line: str, offset: int = 0) -> Dateline | None:
    """The dateline at the start of ``line`` (offsets shifted by ``offset``), or None.

    What follows the dash must be the story: a line such as "MONEY RATES - APRIL 7" or
    "NYSE HALT - ACME WIDGETS CORP" is a report's title, not a dateline (see
    :func:`title_line`).
    """
    m = DATELINE.match(line)
    if m is None:
        return None
    location, place, region, region2, date, year, dash = m.group(*_PARTS)
    if title_line(line[m.end() :], dated=date is not None):
        return None
    if region is not None and region.rsplit(",", 1)[-1].strip().lower().removesuffix(".") in MONTHS:
        return None  # a month alone is a date that lost its day ("NEW YORK, May -")
    if location is not None and " " in location and location.rsplit(" ", 1)[1] in _AGENCY_WORDS:
        return None  # "NEW YORK AP -": an agency out of its brackets is no part of a place
    if place and date is None and uncapitalised(place):
        return None  # before an agency alone, a place not in capitals is still capitalised
    month_name = m.group("month") or m.group("month2") if date else None
    day = m.group("day") or m.group("day2") if date else None
    agency = (
        m.group("agency") or m.group("newswire") or m.group("agency_only") or m.group("bare_agency")
    )
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


def uncapitalised(words: str) -> bool:
    """Whether a name has a word in lower case other than "of", "de" and the like."""
    return any(w[0].islower() and _CONNECTOR_WORD.fullmatch(w) is None for w in words.split())


def title_line(rest: str, dated: bool) -> bool:
    """Whether the rest of a line after "X - " makes the line a title, not a dateline: the
    story's prose has lower-case letters, and a title is followed by the report's date."""
    rest = rest.split("\n", 1)[0].strip()
    if dated:
        return False
    return DATE_ONLY.match(rest) is not None or not any(c.islower() for c in rest)
