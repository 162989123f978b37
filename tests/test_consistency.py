"""The record's metadata against its text: headline, byline, source, weekday."""

from __future__ import annotations

import json

import pytest
from helpers import make_rule

from newslint import lint_text, make_linter
from newslint.cli import main
from newslint.document import Document
from newslint.engine import Linter
from newslint.kinds.consistency import source_matches_host, text_headline


@pytest.mark.parametrize(
    ("source", "host", "same"),
    [
        ("Reuters", "reuters.com", True),
        ("The New York Times", "nytimes.com", True),
        ("Associated Press", "apnews.com", True),
        ("BBC News", "bbc.co.uk", True),
        ("reuters.com", "uk.reuters.com", True),
        ("Reuters", "nytimes.com", False),
        ("The Guardian", "telegraph.co.uk", False),
        # Accents dropped or German's umlauts written out; a subdomain naming the publisher.
        ("Süddeutsche Zeitung", "sueddeutsche.de", True),
        ("El País", "elpais.com", True),
        ("The Times of India", "timesofindia.indiatimes.com", True),
        ("El País", "elmundo.es", False),
        ("BBC News", "english.example.com", False),
        ("reuters.com", "notreuters.com", False),
        # Initials with or without the small words ("Voice of America", voanews.com).
        ("Press Trust of India", "ptinews.com", True),
        ("Voice of America", "voanews.com", True),
        ("Press Trust of India", "reuters.com", False),
    ],
)
def test_source_and_host(source, host, same):
    assert source_matches_host(source, host) is same


@pytest.mark.parametrize("host", ["news.cn", "english.news.cn", "online.de", "www.press.net"])
def test_a_host_named_by_a_common_word_names_no_publisher(host):
    """news.cn (Xinhua's) says nothing about whose site it is: no source disagrees with it."""
    linter = make_linter(select=["NL513"])
    for source in ("Xinhua", "Reuters"):
        metadata = {"source": source, "url": f"https://{host}/2021/a.html"}
        assert lint_text("Text.", metadata, linter=linter) == []
    other = {"source": "Reuters", "url": "https://www.example-news.cn/a.html"}
    assert [f.rule for f in lint_text("Text.", other, linter=linter)] == ["NL513"]


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Talks resume in Brussels\n\nBRUSSELS (Reuters) - Text.", "Talks resume in Brussels"),
        ("  Headline\nBody.", "Headline"),
        ("BRUSSELS (Reuters) - Negotiators met on Monday.", None),
        ("date 2021-02-09 * Some 11,000 arrested\nText.", None),
        ("The talks resumed on Monday, officials said.\nMore.", None),
    ],
)
def test_text_headline(text, headline):
    span = text_headline(text)
    assert (text[span[0] : span[1]] if span else None) == headline


def test_a_title_below_leaked_page_lines_is_the_headline_found():
    """Furniture above the headline (a section name, a breadcrumb) is the boilerplate rules'
    to report: the title is still the text's headline. A title no line near the top
    gives is still reported."""
    linter = make_linter(select=["NL511"])
    title = {"title": "Council approves new budget for city schools"}
    top = "Markets\nHome » News » Local\n\nCouncil approves new budget for city schools\n\n"
    body = "The council voted 7-2 on Tuesday to approve the budget, officials said.\n"
    assert lint_text(top + body, title, linter=linter) == []
    other = "Markets\nHome » News » Local\n\nStorm closes roads across the county\n\n" + body
    [finding] = lint_text(other, title, linter=linter)
    assert finding.rule == "NL511" and "does not match" in finding.message
    deep = "Markets\n" * 9 + "Council approves new budget for city schools\n" + body
    assert [f.rule for f in lint_text(deep, title, linter=linter)] == ["NL511"]


def authors_findings(authors, text="By Jane Doe, John Roe and Mary Major\n\nLONDON - Text."):
    rule = make_rule("consistency", check="authors")
    return Linter([rule]).lint(Document(text, metadata={"authors": authors}))


def test_a_data_set_name_as_source_is_not_compared():
    rule = make_rule("consistency", check="source")
    linter = Linter([rule])
    url = "https://www.nytimes.com/a"
    for source in ("scrapinghub-aeb", "reuters21578", "news_crawl"):
        assert linter.lint(Document("Text.", metadata={"source": source, "url": url})) == []
    assert len(linter.lint(Document("Text.", metadata={"source": "Reuters", "url": url}))) == 1


def test_authors_in_any_form_against_the_byline():
    assert authors_findings("Mary Major") == []
    assert authors_findings(["J. Roe"]) == []
    assert authors_findings("Pat Smith and Lee Jones") != []
    assert authors_findings([]) == []  # nothing to compare


def test_weekday_needs_a_reporting_verb_and_a_record_date():
    rule = make_rule("consistency", check="weekday")
    text = "LONDON, Feb 9 - The minister said on Friday that talks had failed."
    linter = Linter([rule])
    assert len(linter.lint(Document(text, metadata={"date": "2021-02-09"}))) == 1
    assert linter.lint(Document(text, metadata={"date": "2021-02-13"})) == []  # Saturday
    assert linter.lint(Document(text)) == []  # no record date: no year, no weekday


def test_fix_moves_a_leaked_date_into_the_empty_field_and_loses_nothing(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("select: [NL510]\n")
    body = "MOSCOW, Feb 9 (Reuters) - An ally urged Russians to gather."
    records = [
        {"id": "empty", "date": None, "text": "date 2021-02-09\n" + body},
        {"id": "absent", "text": "date 2021-02-09\n" + body},
        {"id": "other", "date": "2021-03-01", "text": "date 2021-02-09\n" + body},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert main(["--fix", "c.jsonl"]) == 1  # two headers stay: nowhere to keep their value
    out = capsys.readouterr().out
    after = [json.loads(line) for line in path.read_text().splitlines()]
    assert after[0] == {"id": "empty", "date": "2021-02-09", "text": body}
    assert after[1:] == records[1:]
    assert "the record has no date field" in out and "says otherwise" in out
