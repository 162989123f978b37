"""Mining repeated lines: counting per source in bounded memory, and the rule pack."""

from __future__ import annotations

import json

from newslint.document import Document, document_source
from newslint.engine import Linter
from newslint.examples import check_rules
from newslint.loader import parse_rules
from newslint.miner import LineCounter, RepeatedLine, rule_pack

FURNITURE = "Sign up for the Daily Brief"


def story(n: int, furniture: bool = True) -> str:
    lines = [f"Story {n} begins with its own words.", f"Its second line differs too ({n})."]
    if furniture:
        lines.append(FURNITURE)
    return "\n".join(lines) + "\n"


def test_a_line_in_many_documents_of_one_source_is_repeated():
    counter = LineCounter()
    for n in range(10):
        counter.add("a.com", story(n))
        counter.add("b.com", story(n, furniture=n < 2))
    repeated = counter.repeated(min_documents=5, min_share=0.5)
    assert repeated == [RepeatedLine("a.com", FURNITURE, 10)]
    assert counter.documents == {"a.com": 10, "b.com": 10}


def test_a_line_counts_once_per_document_and_blank_or_wordless_lines_not_at_all():
    counter = LineCounter()
    for _ in range(6):
        counter.add("a.com", f"{FURNITURE}\n{FURNITURE}\n\n---\n")
    assert counter.repeated(min_documents=5) == [RepeatedLine("a.com", FURNITURE, 6)]


def test_memory_is_bounded_and_frequent_lines_survive():
    counter = LineCounter(capacity=50)
    for n in range(2000):
        counter.add("a.com", f"unique line number {n}\n{FURNITURE}\n")
    assert len(counter._counts) <= 50
    (found,) = counter.repeated(min_documents=100)
    assert found.line == FURNITURE
    # Misra-Gries: the count is low by at most the number of decrements.
    assert 2000 - counter.error <= found.documents <= 2000


def test_the_rule_pack_loads_runs_its_examples_and_finds_only_its_source(tmp_path):
    repeated = [RepeatedLine("a.com", FURNITURE, 9), RepeatedLine("a.com", "Advertisement", 8)]
    pack = rule_pack(repeated, {"a.com": 10}, by="domain")
    path = tmp_path / "mined.yaml"
    path.write_text(pack)
    rules = parse_rules(pack, str(path))
    assert [r.id for r in rules] == ["NLM001"]
    assert check_rules(rules) == []
    linter = Linter(rules)
    text = "A story.\n  Advertisement  \nMore story.\n"
    (found,) = linter.lint(Document(text, metadata={"url": "https://www.a.com/x"}))
    assert text[found.start : found.end] == "Advertisement"
    assert linter.lint(Document(text, metadata={"domain": "b.com"})) == []
    assert "# in 9 of 10 documents (90%)" in pack


def test_rule_pack_quotes_awkward_lines_and_sources():
    line = 'He said: "yes" # not a comment {match}'
    pack = rule_pack([RepeatedLine("ex: ample", line, 5)], {"ex: ample": 5}, by="site")
    (rule,) = parse_rules(pack, "mined.yaml")
    assert rule.lines == [line]
    assert rule.when == {"site": "ex: ample"}
    assert json.dumps(line, ensure_ascii=False) in pack


def test_document_source_reads_the_field_or_the_urls_host():
    assert document_source(Document("x", metadata={"domain": "a.com"}), "domain") == "a.com"
    url = {"url": "https://WWW.Example.co.uk/path?q=1"}
    assert document_source(Document("x", metadata=url), "domain") == "example.co.uk"
    assert document_source(Document("x", metadata={}), "domain") is None
    assert document_source(Document("x", metadata={"source": 7}), "source") == "7"
