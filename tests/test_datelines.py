"""Datelines: the grammar, the reading of a story's opening, and the dateline rules."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import make_rule

import newslint
from newslint.datelines import opening, parse
from newslint.document import Document
from newslint.engine import Linter
from newslint.loader import builtin_rules

DATELINE_RULES = [r for r in builtin_rules() if r.kind == "dateline"]


def rule_ids(text: str, **metadata) -> list[str]:
    return [f.rule for f in Linter(DATELINE_RULES).lint(Document(text, metadata=metadata))]


@pytest.mark.parametrize(
    ("line", "location", "month", "day", "agency", "dash"),
    [
        ("MOSCOW, Feb 9 (Reuters) - An ally urged", "MOSCOW", 2, 9, "Reuters", "-"),
        ("MOSCOW (Reuters) - An ally urged", "MOSCOW", None, None, "Reuters", "-"),
        ("WASHINGTON (AP) — The president said", "WASHINGTON", None, None, "AP", "—"),
        ("BEIJING, Feb. 9 (Xinhua) -- China's exports rose", "BEIJING", 2, 9, "Xinhua", "--"),
        ("TAFT, Calif., April 7 - The driller said", "TAFT", 4, 7, None, "-"),
        # A press release's newswire in slashes, with the year; two places of one story.
        (
            "CAMBRIDGE, Mass., March 4, 2024 /PRNewswire/ -- Helixora said",
            "CAMBRIDGE",
            3,
            4,
            "PRNewswire",
            "--",
        ),
        (
            "HONG KONG/SINGAPORE, March 5 (Reuters) - Asian shares",
            "HONG KONG/SINGAPORE",
            3,
            5,
            "Reuters",
            "-",
        ),
        ("COEUR D'ALENE, Idaho, Oct 2 - The lodge", "COEUR D'ALENE", 10, 2, None, "-"),
        ("PARIS, 9 février (AFP) - Le gouvernement", "PARIS", 2, 9, "AFP", "-"),
        ("AP - The president said", None, None, None, "AP", "-"),
        ("(AP) — The president said", None, None, None, "AP", "—"),
        ("sioux falls, june 2 - feeder pigs were steady", "sioux falls", 6, 2, None, "-"),
        ("DOUGLAS, Isle of Man, May 4 - The bank said", "DOUGLAS", 5, 4, None, "-"),
        ("MAJURO, Marshall Islands, May 4 - The port", "MAJURO", 5, 4, None, "-"),
        ("BOGOTÁ, Feb 9 (Reuters) - The bank said", "BOGOTÁ", 2, 9, "Reuters", "-"),
        ("SÃO PAULO (AP) — The governor said", "SÃO PAULO", None, None, "AP", "—"),
        ("ABIDJAN, Côte d'Ivoire, May 4 - The port", "ABIDJAN", 5, 4, None, "-"),
        ("Łódź, Poland, May 4 - The mill said", "Łódź", 5, 4, None, "-"),
        ("Paris (AFP) - French officials said", "Paris", None, None, "AFP", "-"),
        ("Rio de Janeiro (AFP) - The mayor said", "Rio de Janeiro", None, None, "AFP", "-"),
        ("Frankfurt (dpa-AFX) - Die Aktie stieg", "Frankfurt", None, None, "dpa-AFX", "-"),
        ("München (dpa/lby) - Die Polizei nahm", "München", None, None, "dpa/lby", "-"),
    ],
)
def test_wire_styles_parse(line, location, month, day, agency, dash):
    found = parse(line)
    assert found is not None
    assert (found.location, found.month, found.day, found.agency, found.dash) == (
        location,
        month,
        day,
        agency,
        dash,
    )
    assert line[found.start : found.end].endswith(dash)


@pytest.mark.parametrize(
    "line",
    [
        "MONEY RATES - APRIL 7",  # a report's title and its date
        "NYSE HALT - ACME WIDGETS CORP, NEWS PENDING",  # a title line in capitals
        "The minister said - in a rare interview - that talks would resume.",
        "Shares rose - and then fell.",
        "The minister (Left) - and his aide - resigned.",
        "European Union (EU)Farm ministers met on Monday.",  # an abbreviation, not an agency
        "(VIDEO)Watch the launch of the rocket.",
        "The rate (pct)- 5.0 in May",
    ],
)
def test_what_is_no_dateline(line):
    assert parse(line) is None
    assert opening(line).malformed is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FRESNO, Calif., Augus t4 - The grower said", "misspelt month"),
        ("SOFIA, June 1O - The cabinet said", "a letter in the day"),
        ("CHICAGO, May 132 - The exchange said", "impossible day"),
        ("AKRON, Ohio, Oct, 21 - The tyre maker said", "stray comma"),
        ("OTTAWA, June 5, Reuter - The minister said", "not in brackets"),
        ("MOSCOW, Feb 9 The Kremlin said on Tuesday", "dash after the dateline is missing"),
        ("TULSA, Okla. - June 3 - The refiner said", "a dash before the date"),
        ("NEWPORT, Rhode island, May 4 - The yard said", "region in lower case"),
        ("FRESNO, calif., May 4 - The grower said", "region in lower case"),
        ("DENVER, Sept. - The miner said", "the date has no day: 'Sept.'"),
        ("DENVER, May 4 -The miner said", "no space after the dateline's dash"),
        ("DENVER, May 4 (Reuters) The miner said", "dash after the dateline is missing"),
        ("DENVER, May 4: The miner said", "dash after the dateline is missing"),
        ("DENVER, May 4 The miner - a unit of it - said", "dash after the dateline is missing"),
        ("DENVER, Arpil 4 - The miner said", "misspelt month: 'Arpil'"),
        ("DENVER, 4 Jnue - The miner said", "misspelt month: 'Jnue'"),
        ("DENVER May 4 - The miner said", "a comma is missing before the date"),
        ("Today - 1187.2 points, the index said", "no date"),
        ("(CNN)The Senate voted on the bill", "no dash between the dateline and the story"),
        ("May 4 (Reuters) - The miner said", "no place before its date"),
        ("DENVER, May 4 (Reuters)- The miner said", "no space before the dateline's dash"),
        ("DENVER (Reuters)-The miner said", "no space before the dateline's dash"),
        ("DENVER, May 4 Reuters - The miner said", "the agency is not in brackets"),
        ("NEW YORK AP - The police said", "the agency is not in brackets"),
        ("DENVER, May 4(Reuters) - The miner said", "no space before the agency's bracket"),
        ("DENVER, May 4 ( Reuters ) - The miner said", "spaces inside the agency's brackets"),
        ("DENVER, Mya 4 - The miner said", "misspelt month: 'Mya'"),
        ("DENVER, Way 4 - The miner said", "the dateline has no date"),  # a word, not a month
        ("WASHINGTON (AP)A judge ruled on Monday", "no dash between the dateline and the story"),
        ("DENVER, May 4 (Reuters)The miner said", "no dash between the dateline and the story"),
    ],
)
def test_malformed_datelines_say_why(text, reason):
    found = opening(text)
    assert found.dateline is None and found.malformed is not None
    assert reason in found.malformed.reason
    assert found.malformed.start == 0


@pytest.mark.parametrize(
    "line",
    ["Updated: 24.07.2024 - 12:15h", "Issued on: 29/05/2024 - 16:02", "Stand: 03.03.2021 - 9:25"],
)
def test_a_timestamp_s_label_and_dash_make_no_malformed_dateline(line):
    """A page's "Updated: <date> - <time>" line is a timestamp (the boilerplate rules'),
    not a dateline with its date missing."""
    found = opening(f"{line}\nThe council met on Tuesday to approve the budget.")
    assert found.malformed is None and found.dateline is None


def test_a_place_with_its_state_and_country():
    text = "TAMPA, FL, UNITED STATES, June 5, 2024 /EINPresswire.com/ -- A bakery opened."
    found = opening(text)
    assert found.malformed is None and found.preceded_by is None
    assert (found.dateline.location, found.dateline.region) == ("TAMPA", "FL, UNITED STATES")
    assert (found.dateline.month, found.dateline.day, found.dateline.year) == (6, 5, 2024)
    assert opening("TAMPA, FL, May - A bakery opened.").dateline is None  # no day


def test_opening_skips_what_a_story_carries_above_its_dateline():
    text = (
        "Navalny ally urges protest\n\n* First bullet of the summary\n* Second bullet\n\n"
        "By Jane Doe and John Roe\n\nMOSCOW, Feb 9 (Reuters) - An ally urged Russians."
    )
    found = opening(text)
    assert found.dateline is not None and found.preceded_by is None
    assert text[found.dateline.start : found.dateline.end] == "MOSCOW, Feb 9 (Reuters) -"


def test_opening_reports_what_else_stands_above_it():
    text = "Headline of the story\nFILE PHOTO: A view of the city.\nMOSCOW, Feb 9 (Reuters) - Text."
    found = opening(text)
    assert found.dateline is not None
    start, end = found.preceded_by
    assert text[start:end] == "FILE PHOTO: A view of the city."


def test_a_headline_run_into_the_dateline_is_no_malformed_dateline():
    text = "Miner denies takeover talk ZURICH, Oct 4 - The company said the report was wrong."
    found = opening(text)
    assert found.malformed is None
    assert text[found.dateline.start : found.dateline.end] == "ZURICH, Oct 4 -"
    start, end = found.preceded_by
    assert text[start:end] == "Miner denies takeover talk "
    assert rule_ids(text) == ["NL403"]


@pytest.mark.parametrize(
    "headline",
    [
        "Is the Fed done hiking?",
        "GLOBAL MARKETS-Stocks edge higher ahead of U.S. inflation data",
        "Mr. Biden goes to Detroit",
    ],
)
def test_a_headline_with_a_question_or_an_abbreviation_stands_above_the_dateline(headline):
    text = f"{headline}\n\nWASHINGTON, March 5 (Reuters) - Stocks rose on Tuesday."
    assert "NL403" not in rule_ids(text)


def test_the_record_s_title_is_its_headline_whatever_it_holds():
    text = (
        "Strong earthquake hits Taiwan, killing at least nine\n\n"
        "TAIPEI (AFP) - A strong earthquake struck eastern Taiwan on Wednesday."
    )
    assert "NL403" in rule_ids(text)  # a comma: the line may be a sentence of the story
    assert "NL403" not in rule_ids(
        text, title="Strong earthquake hits Taiwan, killing at least nine"
    )
    # A leaked header is no headline, whatever the title.
    leaked = "date 2021-02-09\n\nMOSCOW, Feb 9 (Reuters) - An ally of the critic said."
    assert "NL403" in rule_ids(leaked, title="Navalny ally urges protest")


def test_a_place_with_accents_opens_the_story():
    text = "SÃO PAULO, Feb 9 (Reuters) - The governor said the port would reopen."
    assert text[opening(text).dateline.start :].startswith("SÃO PAULO")
    assert rule_ids(text) == []


def test_below_the_first_line_only_a_dated_dateline_counts():
    text = "Results for the quarter were as follows.\nNOTE - figures are unaudited.\nMore."
    assert opening(text) == (None, None, None)


def test_dateline_year_is_the_nearest_to_the_record():
    found = parse("LONDON, Dec 31 - Shares rose.")
    assert found.date_near(dt.date(2021, 1, 2)) == dt.date(2020, 12, 31)
    assert found.date_near(dt.date(2020, 12, 30)) == dt.date(2020, 12, 31)
    assert parse("LONDON, Feb 29 - Shares rose.").date_near(dt.date(2021, 3, 1)) == dt.date(
        2020, 2, 29
    )


def test_styles_by_source_and_subdomain():
    text = "MOSCOW - An ally urged Russians to gather."
    rule = make_rule(
        "dateline",
        check="malformed",
        message="{reason}",
        styles={"example.com": {"date": "required"}},
    )
    linter = Linter([rule])
    sub = {"url": "https://news.example.com/a"}
    assert [f.message for f in linter.lint(Document(text, metadata=sub))] == [
        "the dateline has no date; news.example.com's style gives one"
    ]
    assert linter.lint(Document(text, metadata={"domain": "other.org"})) == []


def test_source_field_other_than_domain():
    rule = make_rule(
        "dateline", check="missing", source_field="source", styles={"wire": {"required": True}}
    )
    text = "An ally urged Russians to gather."
    assert len(Linter([rule]).lint(Document(text, metadata={"source": "wire"}))) == 1
    assert Linter([rule]).lint(Document(text, metadata={"source": "blog"})) == []


def test_date_rules_split_one_day_from_more():
    text = "MOSCOW, Feb 9 (Reuters) - An ally urged Russians to gather."
    assert rule_ids(text, date="2021-02-09") == []
    assert rule_ids(text, date="2021-02-10T01:00:00Z") == ["NL405"]
    assert rule_ids(text, date="2021-02-12") == ["NL404"]
    assert rule_ids(text, date="Feb 12, 2021") == ["NL404"]  # one day for sure
    assert rule_ids(text, date="12/02/2021") == []  # 12 February or 2 December: no verdict


def test_a_misspelt_month_still_dates_the_dateline():
    text = "DENVER, Arpil 4 - The miner said it would close the shaft."
    assert opening(text).malformed.date == (4, 4)
    assert rule_ids(text, date="1990-04-04") == ["NL402"]
    assert rule_ids(text, date="1990-04-16") == ["NL402", "NL404"]
    # A month as near to two ("Juny": June or July) dates nothing.
    bad = opening("DENVER, Juny 4 - The miner said.").malformed
    assert (bad.reason, bad.date) == ("misspelt month: 'Juny'", None)


def test_seed_003_dateline_is_accepted_and_agrees_with_its_date(seed_003):
    found = newslint.lint_text(seed_003, metadata={"date": "2021-02-09", "domain": "reuters.com"})
    assert [f for f in found if f.category == "dateline"] == []
    dateline = opening(seed_003).dateline
    assert seed_003[dateline.start : dateline.end] == "MOSCOW, Feb 9 (Reuters) -"


def test_seed_003_leaked_header_and_missing_headline_are_reported(seed_003):
    found = {f.rule: f for f in newslint.lint_text(seed_003) if f.category == "metadata"}
    leaked = found["NL510"]
    assert seed_003[leaked.start : leaked.end] == "date 2021-02-09"
    assert "no headline" in found["NL511"].message


def test_seed_003_weekday_and_date_agree_only_with_the_right_date(seed_003):
    def rules(date: str) -> set[str]:
        found = newslint.lint_text(seed_003, metadata={"date": date, "title": "Navalny ally"})
        return {f.rule for f in found if f.rule in {"NL404", "NL405", "NL514"}}

    assert rules("2021-02-09") == set()  # a Tuesday: "urged Russians on Tuesday"
    assert rules("2021-02-10") == {"NL405"}  # a day later: the day before is fine
    assert rules("2021-02-12") == {"NL404", "NL514"}  # a Friday, three days off


def test_seed_000_dateline_without_a_date_is_accepted_for_reuters(seed_000):
    found = newslint.lint_text(seed_000, metadata={"domain": "reuters.com"})
    assert {f.rule for f in found if f.category == "dateline"} == {"NL403"}  # the caption
    assert opening(seed_000).dateline.has_date is False


def test_missing_dateline_where_the_source_requires_one():
    text = "An ally of Kremlin critic Alexei Navalny urged Russians to gather."
    assert rule_ids(text, url="https://www.reuters.com/world/x") == ["NL401"]
    assert rule_ids(text, url="https://www.example.com/world/x") == []
