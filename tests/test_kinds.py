"""The rule kinds: phrase, pattern, block."""

from __future__ import annotations

import re

import pytest
from helpers import make_rule
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.engine import Linter
from newslint.kinds.phrase import trie_regex


def spans(rule_or_rules, text: str, **meta) -> list[str]:
    rules = rule_or_rules if isinstance(rule_or_rules, list) else [rule_or_rules]
    doc = Document(text, metadata=meta)
    return [text[f.start : f.end] for f in Linter(rules).lint(doc)]


# phrase -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [["a"], ["ab", "abc", "abd"], ["Article type:", "Article", "art"], ["x.y", "x*y", "(z)"]],
)
def test_trie_regex_matches_exactly_the_words(words):
    rx = re.compile(trie_regex(words))
    for w in words:
        assert rx.fullmatch(w)
    assert not rx.fullmatch(words[0] + "#")


def test_trie_regex_prefers_the_longest_word():
    rx = re.compile(trie_regex(["Share", "Share this article"]))
    assert rx.match("Share this article now").group() == "Share this article"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abé ", min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    st.text("abéB ", max_size=30),
)
def test_phrase_automaton_finds_what_the_trie_regex_finds(phrases, text):
    """The automaton reports what the trie regex's finditer does: at the first place a
    phrase starts, the longest one, then on from its end; offsets in code points."""
    from newslint.kinds.phrase import _Matcher

    matcher = _Matcher([make_rule("phrase", phrases=phrases, word_boundary=False)])
    found = [(start, end) for _, start, end in matcher.scan(text)]
    expected = [m.span() for m in re.finditer(trie_regex(matcher.folded), text.lower())]
    assert found == expected


def test_phrase_case_and_boundaries():
    rule = make_rule("phrase", phrases=["Cxense type:"])
    assert spans(rule, "cxense TYPE: free") == ["cxense TYPE:"]
    strict = make_rule("phrase", phrases=["Cxense type:"], case_sensitive=True)
    assert spans(strict, "cxense TYPE: free") == []
    word = make_rule("phrase", phrases=["ad"])
    assert spans(word, "an ad here, a bad add, ad.") == ["ad", "ad"]
    loose = make_rule("phrase", phrases=["ad"], word_boundary=False)
    assert len(spans(loose, "an ad here, a bad add")) == 3


def test_phrase_anchors():
    start = make_rule("phrase", phrases=["Share this"], anchor="line-start")
    assert spans(start, "* Share this now\nPlease Share this") == ["Share this"]
    line = make_rule("phrase", phrases=["Share this"], anchor="line", report="line")
    assert spans(line, "Share this!\nShare this now\n  Share this  ") == [
        "Share this!",
        "Share this",
    ]


def test_all_phrase_rules_share_one_matcher_and_keep_their_identity():
    a = make_rule("phrase", id="XX001", name="rule-a", phrases=["alpha", "beta"])
    b = make_rule(
        "phrase", id="XX002", name="rule-b", phrases=["beta", "gamma"], case_sensitive=True
    )
    findings = Linter([a, b]).lint(Document("alpha beta gamma Gamma"))
    got = [(f.rule, f.start) for f in findings]
    assert got == [("XX001", 0), ("XX001", 6), ("XX002", 6), ("XX002", 11)]


def test_phrase_message_shows_the_match():
    rule = make_rule("phrase", phrases=["Campaign ID:"], message="leaked: {match}")
    (f,) = Linter([rule]).lint(Document("x\nCampaign ID: 18"))
    assert f.message == "leaked: Campaign ID:"
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 1, 2, 13)


# pattern ------------------------------------------------------------------------------


def test_pattern_line_scope_never_spans_lines():
    rule = make_rule("pattern", pattern=r"end\s+start")
    assert spans(rule, "the end\nstart here; the end  start") == ["end  start"]
    doc_rule = make_rule("pattern", pattern=r"end\s+start", scope="document")
    assert spans(doc_rule, "the end\nstart") == ["end\nstart"]


def test_pattern_head_and_tail_windows():
    text = "UPDATE 1-a\nline two\nUPDATE 3-c\nlast UPDATE"
    head = make_rule("pattern", pattern="UPDATE", head=1)
    tail = make_rule("pattern", pattern="UPDATE", tail=1)
    assert [t for t in spans(head, text)] == ["UPDATE"]
    assert spans(tail, text) == ["UPDATE"]
    (f,) = Linter([tail]).lint(Document(text))
    assert f.line == 4


def test_pattern_report_line_and_group_placeholders():
    rule = make_rule(
        "pattern", pattern=r"by (?P<who>[A-Z]\w+)", report="line", message="credit to {who}"
    )
    (f,) = Linter([rule]).lint(Document("  Photo by Jane  \nnext"))
    assert (f.start, f.end, f.message) == (2, 15, "credit to Jane")


def test_pattern_replace_fix_expands_groups():
    rule = make_rule(
        "pattern",
        pattern=r"(\w+)--(\w+)",
        fix={"action": "replace", "replacement": r"\1 -- \2"},
        examples={
            "flag": ["a--b"],
            "pass": ["a -- b"],
            "fix": [{"before": "a--b", "after": "a -- b"}],
        },
    )
    (f,) = Linter([rule]).lint(Document("x a--b y"))
    assert f.fix.edits[0].replacement == "a -- b"


def test_regex_engine_option():
    rule = make_rule("pattern", pattern=r"\p{Lu}{3,}", engine="regex")
    assert spans(rule, "abc ÉTÉ def") == ["ÉTÉ"]


def test_languages_limit_a_rule():
    rule = make_rule("pattern", pattern="Werbung", languages=["de"])
    assert spans(rule, "Werbung") == []
    assert spans(rule, "Werbung", language="de-DE") == ["Werbung"]
    assert spans(rule, "Werbung", lang="de_AT") == ["Werbung"]


@pytest.mark.parametrize("value", ["mixed (mostly en)", "English", "", 42])
def test_a_language_value_that_is_not_a_code_falls_back_to_the_default(value):
    from newslint.document import Document, document_language

    assert document_language(Document("x", metadata={"language": value}), "fr") == "fr"


# block --------------------------------------------------------------------------------

TAIL = (
    "The last paragraph of the article, which ends with a full stop.\n\n"
    "Next In World\n\n"
    "UN envoy calls for action against junta\n"
    "Mars rover takes first spin on surface\n"
    "Belgium sets out plan for easing\n"
)


def block(**params):
    base = {"heading": [r"Next In \w+"], "position": "tail", "min_lines": 3}
    base.update(params)
    return make_rule("block", **base)


def test_block_at_the_tail():
    (found,) = spans(block(), TAIL)
    assert found.startswith("Next In World") and found.endswith("plan for easing")


def test_block_needs_enough_headlines():
    assert spans(block(min_lines=4), TAIL) == []


def test_block_position_tail_rejects_a_block_followed_by_text():
    text = TAIL + "\nAnd then a real paragraph of the story goes on here, ending properly.\n"
    assert spans(block(), text) == []
    assert len(spans(block(slack=1), text)) == 1


def test_block_stops_at_sentences_and_large_gaps():
    text = TAIL.replace("Mars rover", "Mars rover.\n\n\nx")
    assert spans(block(), text) == []


def test_block_of_teasers_only_with_the_option():
    text = TAIL.replace("against junta", "against junta.").replace("on surface", "on surface.")
    assert spans(block(), text) == []
    (found,) = spans(block(teasers=True), text)
    assert found.startswith("Next In World") and found.endswith("plan for easing")


def test_block_at_the_head_after_a_title():
    text = (
        "Title of the story\nRelated Coverage\nOne link here\nTwo link here\nThree links\n\nBody."
    )
    rule = block(heading=["Related Coverage"], position="head", slack=1)
    (found,) = spans(rule, text)
    assert found.startswith("Related Coverage") and found.endswith("Three links")
    assert spans(block(heading=["Related Coverage"], position="head"), text) == []


def test_headless_block():
    rule = block(heading=None, min_lines=4, min_words=2)
    text = "A sentence of the article.\n\nOne two three\nFour five six\nSeven eight\nNine ten\n"
    (found,) = spans(rule, text)
    assert found.startswith("One two three")


def test_pattern_prefilter_skips_texts_without_its_literals():
    rule = make_rule("pattern", pattern=r"\bPHOTO: .+", prefilter=["PHOTO"])
    assert spans(rule, "x\nPHOTO: a view") == ["PHOTO: a view"]
    # The same pattern would match with ignore-case, but the literal is absent: skipped.
    loose = make_rule("pattern", pattern=r"(?i)\bphoto: .+", prefilter=["PHOTO"])
    assert spans(loose, "photo: a view") == []


def test_an_ignore_case_rule_s_prefilter_ignores_case_too():
    # Found or not, a line must not depend on whether another line spells the literal so.
    rule = make_rule(
        "pattern", pattern=r"^Photo (\d+) of (\d+)$", ignore_case=True, prefilter=["Photo"]
    )
    text = "Body.\nPHOTO 3 OF 12\nphoto 4 of 12\n"
    assert spans(rule, text) == ["PHOTO 3 OF 12", "photo 4 of 12"]
    assert spans(rule, text + "Photo 5 of 12\n") == [
        "PHOTO 3 OF 12",
        "photo 4 of 12",
        "Photo 5 of 12",
    ]
    # Where lower case changes the text's length ("İ" becomes two code points), the rule
    # is run over the whole text.
    assert spans(rule, "İstanbul.\nPHOTO 3 OF 12\n") == ["PHOTO 3 OF 12"]


GATED_RULES = [
    make_rule("pattern", id="XX001", name="ad", pattern=r"^[ \t]*(?:Advertisement|Ad)[ \t]*$"),
    make_rule("pattern", id="XX002", name="spaced", pattern=r"^\s*Share(?: \w+)?$"),
    make_rule("pattern", id="XX003", name="folded", pattern=r"^read more: .+", ignore_case=True),
    make_rule("pattern", id="XX004", name="branch", pattern=r"^By [A-Z]\w+|says:$"),
    make_rule("pattern", id="XX005", name="tail", pattern=r"^Tags:.*", tail=2, report="line"),
    make_rule(
        "pattern",
        id="XX006",
        name="filtered",
        pattern=r"(?:Copyright|©) \d{4}|rights reserved",
        prefilter=["Copyright", "©", "rights reserved"],
        max_line_length=40,
        report="line",
    ),
    make_rule("pattern", id="XX007", name="photo", pattern=r"Photo: \w+", prefilter=["Photo"]),
    # Named groups (renamed apart in the union gate) and a back reference (never gated).
    make_rule("pattern", id="XX008", name="named", pattern=r"^(?P<who>\w+) says:$"),
    make_rule("pattern", id="XX009", name="named-too", pattern=r"^(?P<who>By) (?P<name>\w+)$"),
    make_rule("pattern", id="XX010", name="echo", pattern=r"^(\w+) \1$"),
    # Prefiltered rules looked for only on the lines with their literals: one whose match
    # may cross lines (then each line is searched alone), one anchored at line starts, and
    # one with a lookahead (which may look past its line, so it is never narrowed).
    make_rule("pattern", id="XX011", name="crossing", pattern=r"Photo:\s+\w+", prefilter=["Photo"]),
    make_rule("pattern", id="XX012", name="by-line", pattern=r"^[ \t]*By \w+$", prefilter=["By "]),
    make_rule("pattern", id="XX013", name="ahead", pattern=r"Tags:(?=\s+a)", prefilter=["Tags"]),
]
PIECES = [
    "Photo:",
    "By Jane Doe",
    "Tags:",
    "  a",
    "Advertisement",
    " Ad ",
    "Share",
    "Share this",
    "  Share x",
    "READ MORE: a story",
    "read more",
    "By Jane",
    "He says:",
    "says:",
    "Tags: a, b",
    "Copyright 2019 X",
    "© 2020",
    "all rights reserved",
    "Photo: AFP",
    "Photo",
    "Share Share",
    "By Jane",
    "The talks went on.",
    "",
    "\n",
    "  ",
    "A long line of the story " * 3,
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=0, max_size=12), st.sampled_from(["\n", " ", ""]))
def test_gates_and_prefilters_never_change_what_pattern_rules_find(pieces, joiner):
    """The line-start gates (each rule's and the union of them) and the shared prefilter
    only skip work: with all of them turned off, every text gives the same findings."""
    from newslint.kinds import pattern

    text = joiner.join(pieces)
    gated = [(f.rule, f.start, f.end) for f in Linter(GATED_RULES).lint(Document(text))]
    opens, whole, hits, lines = (
        pattern.LineStartGate.opens,
        pattern.LineStartGate.opens_whole,  # also the union gate's
        pattern._Prefilter.hits,
        pattern.hit_lines,
    )
    try:
        pattern.LineStartGate.opens = lambda self, text, lo, hi: True
        pattern.LineStartGate.opens_whole = lambda self, text: True
        pattern._Prefilter.hits = lambda self, text: {r.id: [0] for r in GATED_RULES}
        pattern.hit_lines = lambda text, starts: [(0, len(text))]
        plain = [(f.rule, f.start, f.end) for f in Linter(GATED_RULES).lint(Document(text))]
    finally:
        pattern.LineStartGate.opens = opens
        pattern.LineStartGate.opens_whole = whole
        pattern._Prefilter.hits = hits
        pattern.hit_lines = lines
    assert gated == plain


def test_prefiltered_rules_are_looked_for_on_the_lines_with_their_literals():
    crossing, by_line, ahead = GATED_RULES[10:13]
    text = "Intro.\nPhoto:\n  AFP\nMore.\n  By Jane\nPhoto: Reuters"
    assert spans(crossing, text) == ["Photo: Reuters"]  # the first crosses a line
    assert spans(by_line, text) == ["  By Jane"]
    # A lookahead may see past the line: such a rule is looked for in the whole text.
    assert spans(ahead, "Tags:\n  a story") == ["Tags:"]


def test_only_patterns_anchored_at_every_line_start_get_a_gate():
    from newslint.kinds.pattern import LineStartGate

    gated = {r.id for r in GATED_RULES if LineStartGate.of(r) is not None}
    # "^By ...|says:$" is a branch whose second half can match anywhere.
    assert gated == {"XX001", "XX002", "XX003", "XX005", "XX008", "XX009", "XX012"}


def test_a_gate_is_compiled_when_first_asked_and_one_that_cannot_be_opens_always():
    from newslint.kinds.pattern import LineStartGate

    gate = LineStartGate("[ \\t]*Advertisement$")
    assert "_compiled" not in vars(gate)  # nothing compiled until a text is asked about
    assert gate.opens_whole("Text.\nAdvertisement\nMore.") and not gate.opens_whole("Text.")
    broken = LineStartGate("(unclosed")
    assert broken.opens_whole("anything") and broken.opens("anything", 0, 8)


def test_max_line_length_skips_matches_on_long_lines():
    rule = GATED_RULES[5]
    assert spans(rule, "Intro.\nCopyright 2019 Example Ltd\nEnd.") == ["Copyright 2019 Example Ltd"]
    long_line = "The court said the copyright 2019 case, and all rights reserved, would go on."
    assert spans(rule, long_line) == []


def test_block_without_its_heading_anywhere_is_skipped_and_found_when_present():
    assert spans(block(), TAIL.replace("Next In World", "Next door news")) == []
    assert len(spans(block(), TAIL.replace("Next In World", "  next in world:  "))) == 1
    assert len(spans(block(position="anywhere"), TAIL[TAIL.index("Next") :])) == 1


def test_message_placeholders_are_filled_in_one_pass():
    rule = make_rule("pattern", pattern=r"(?P<who>\w+)", message="{match} by {who} {}")
    assert rule.render(match="{who}", who="x") == "{who} by x {}"


# lines ------------------------------------------------------------------------------------


def test_lines_are_matched_whole_without_their_blanks():
    rule = make_rule("lines", lines=["Advertisement", "  Continue reading  "])
    text = "Advertisement\nThe Advertisement rule.\n\tContinue reading \nContinue reading here"
    assert spans(rule, text) == ["Advertisement", "Continue reading"]


def test_lines_rules_share_one_set_and_keep_their_identity():
    a = make_rule("lines", id="XX001", name="a", lines=["Share", "Print"])
    b = make_rule("lines", id="XX002", name="b", lines=["Print"])
    found = Linter([a, b]).lint(Document("Share\nPrint\n"))
    assert [(f.rule, f.line) for f in found] == [("XX001", 1), ("XX001", 2), ("XX002", 2)]


def test_when_limits_a_rule_to_documents_of_its_source():
    rule = make_rule("lines", lines=["Advertisement"], when={"domain": "a.com"})
    assert spans(rule, "Advertisement", domain="a.com") == ["Advertisement"]
    assert spans(rule, "Advertisement", url="https://www.a.com/story") == ["Advertisement"]
    assert spans(rule, "Advertisement", domain="b.com") == []
    assert spans(rule, "Advertisement") == []
    # ``when`` is every kind's: a phrase rule obeys it too.
    phrase = make_rule("phrase", phrases=["Advertisement"], when={"source": "wire"})
    assert spans(phrase, "Advertisement", source="wire") == ["Advertisement"]
    assert spans(phrase, "Advertisement", source="web") == []


def test_a_lines_entry_must_be_one_non_blank_line():
    with pytest.raises(ValueError, match="one non-blank line"):
        make_rule("lines", lines=["two\nlines"])
    with pytest.raises(ValueError, match="one non-blank line"):
        make_rule("lines", lines=["  "])


# page -------------------------------------------------------------------------------------

MENU = ["Home", "World", "Business", "Markets", "Sport", "Culture", "Opinion", "Video"]
STORY = [
    "Negotiators met on Monday to resume talks on the budget, officials said, after a week"
    " of accusations.",
    "The finance ministers are expected to present a joint proposal on Wednesday, two people"
    " familiar with the talks said.",
    "Both sides said progress had been made on the most difficult questions, including the"
    " size of the fund.",
]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Privacy", "Terms", "Help", "Apps"]


def page_dump() -> str:
    title = "Talks on the budget resume in Brussels"
    lines = [
        f"{title} - Example News",
        *MENU,
        *MENU,
        title,
        *STORY,
        "Most read",
        "Markets rally on rate hopes",
        "Oil slips as supply fears ease",
        "Run by Example News Ltd.",
        *FOOTER,
        *FOOTER,
    ]
    return "\n".join(lines) + "\n"


def test_page_dump_reports_unpunctuated_furniture_outside_the_article():
    rule = make_rule("page", message="{lines} lines: {match}")
    text = page_dump()
    found = Linter([rule]).lint(Document(text))
    flagged = {line for f in found for line in text[f.start : f.end].split("\n")}
    assert set(MENU) | set(FOOTER) | {"Most read", "Oil slips as supply fears ease"} <= flagged
    # Kept: the article, the page title and the headline that repeats it, and a punctuated
    # line outside the article (left to the phrase and pattern rules).
    for kept in [*STORY, "Talks on the budget resume in Brussels - Example News"]:
        assert kept not in flagged
    assert "Talks on the budget resume in Brussels" not in flagged
    assert "Run by Example News Ltd." not in flagged
    # Adjacent furniture lines are one finding, and the message counts them.
    assert found[0].message == f"{2 * len(MENU)} lines: Home"


def test_a_headline_the_record_s_title_names_is_never_furniture():
    # No page title repeats it, so only the record's title tells it from a menu line.
    rule = make_rule("page", message="{lines} lines: {match}")
    headline = "Markets rally as central bank holds rates"
    text = "\n".join(["Example News", *MENU * 3, headline, *STORY, *FOOTER * 2]) + "\n"

    def flagged(metadata: dict) -> set[str]:
        found = Linter([rule]).lint(Document(text, metadata=metadata))
        return {line for f in found for line in text[f.start : f.end].split("\n")}

    assert headline in flagged({})
    assert headline not in flagged({"title": "Markets rally as Central Bank holds rates."})
    assert set(MENU) | set(FOOTER) <= flagged({"title": headline})


def test_an_article_with_lists_or_too_few_lines_is_no_page():
    rule = make_rule("page")
    article = "\n".join(STORY * 12 + ["Key dates", "Monday", "Tuesday", "Wednesday"])
    assert spans(rule, article) == []
    assert spans(rule, "\n".join(MENU + STORY + FOOTER)) == []  # 19 lines: too few
    assert spans(rule, "\n".join(MENU * 10)) != []  # a page with no article at all


def test_a_wire_table_is_no_page_furniture():
    # Many short unpunctuated lines, like a page's menus, but every row is a table row.
    rows = [f"COUNTRY {n:<8}  nil   {1000 + n:>7,}" for n in range(45)]
    rows += [f"{n} days {5 + n / 100:.2f} {5.1 + n / 100:.2f} pct" for n in range(5)]
    text = "The department said imports were as follows, in short tons --\n" + "\n".join(rows)
    assert spans(make_rule("page"), text) == []


def flagged_lines(rule, text: str) -> set[str]:
    found = Linter([rule]).lint(Document(text))
    return {line for f in found for line in text[f.start : f.end].split("\n")}


def test_page_punctuated_lines_outside_the_article_with_the_option():
    text = page_dump()
    assert "Run by Example News Ltd." in flagged_lines(make_rule("page", punctuated=True), text)
    assert "Run by Example News Ltd." not in flagged_lines(make_rule("page"), text)


def test_page_headline_that_repeats_the_titles_words_is_kept():
    text = page_dump().replace(
        "Talks on the budget resume in Brussels\n", "Talks on budget resume in Brussels\n", 1
    )
    assert "Talks on budget resume in Brussels" not in flagged_lines(make_rule("page"), text)


def test_page_list_the_article_introduces_is_kept():
    dates = [
        "June 9 -- Arena, Tampa, FL",
        "June 10 -- Park, Raleigh, NC",
        "July 2 -- Hall, Bristow",
    ]
    lines = page_dump().split("\n")
    end = lines.index(STORY[-1]) + 1
    text = "\n".join([*lines[:end], "The tour dates:", *dates, *lines[end:]])
    flagged = flagged_lines(make_rule("page"), text)
    assert not flagged & {"The tour dates:", *dates}
    assert "Most read" in flagged  # the list ends where its separator does


def test_page_furniture_between_two_parts_of_the_article():
    lines = page_dump().split("\n")
    end = lines.index(STORY[-1]) + 1
    boxes = [f"Box {n} heading" for n in range(9)]  # more than part_gap (8) lines
    cookies = [
        "This site stores cookies to remember your settings while you move between its pages.",
        "Essential cookies are strictly needed for the site to work as it should for you.",
    ]
    text = "\n".join([*lines[:end], *boxes, *cookies, *lines[end:]])
    assert set(boxes) <= flagged_lines(make_rule("page"), text)
    assert not flagged_lines(make_rule("page"), text) & set(STORY)
    # Closer together, the two parts are one article with all that lies between them.
    assert not flagged_lines(make_rule("page", part_gap=9), text) & set(boxes)
