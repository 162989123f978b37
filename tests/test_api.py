"""The library API: lint_text, fix_text, make_linter, lint_batch."""

from __future__ import annotations

import json
import random

import pytest
from conftest import SEEDS

import newslint
from newslint.cli import main
from newslint.loader import RuleFileError

DIRTY = (
    "Headline\n\nBody of the story.\n\n"
    "Article type: metered\nDid you find this article insightful?\n"
)


def test_lint_text_returns_located_findings():
    findings = newslint.lint_text(DIRTY)
    assert [f.rule for f in findings] == ["NL101", "NL120"]
    paywall = findings[0]
    assert DIRTY[paywall.start : paywall.end] == "Article type: metered"
    assert (paywall.line, paywall.column, paywall.end_line, paywall.end_column) == (5, 1, 5, 22)
    assert paywall.severity is newslint.Severity.ERROR
    assert paywall.to_dict()["fix"]["applicability"] == "safe"


def test_fix_text_returns_text_and_what_was_applied():
    result = newslint.fix_text(DIRTY)
    assert result.text == "Headline\n\nBody of the story.\n"
    assert {f.rule for f in result.applied} >= {"NL101", "NL120"}
    assert result.remaining == [] and result.converged


def test_metadata_and_id_are_carried():
    found = newslint.lint_text("Cxense type: free", metadata={"language": "en"}, id="doc-1")
    (f,) = [f for f in found if f.category == "boilerplate"]
    assert f.id == "doc-1"
    # the record has no title and no date: reported for information
    assert {(f.rule, f.field, f.id) for f in found if f.category == "metadata"} == {
        ("NL501", "title", "doc-1"),
        ("NL501", "date", "doc-1"),
    }


def test_make_linter_selects_and_adds_rules(tmp_path):
    linter = newslint.make_linter(select=["NL120"])
    assert [f.rule for f in newslint.lint_text(DIRTY, linter=linter)] == ["NL120"]
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "- id: ZZ001\n  name: body-word\n  category: test\n  severity: info\n  kind: phrase\n"
        "  message: m\n  description: d\n  phrases: [Body]\n"
        "  examples: {flag: [Body], pass: [body]}\n"
    )
    mine = newslint.make_linter(rule_files=[rules], builtin=False)
    (f,) = newslint.lint_text(DIRTY, linter=mine)
    assert (f.rule, f.line) == ("ZZ001", 3)  # case_sensitive is false: "Body" and "body"
    with pytest.raises(RuleFileError):
        newslint.make_linter(rule_files=[tmp_path / "missing.yaml"])


def test_unsafe_fixes_only_when_asked(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "- id: ZZ002\n  name: promo\n  category: test\n  severity: info\n  kind: phrase\n"
        "  message: m\n  description: d\n  phrases: ['Promo:']\n  anchor: line-start\n"
        "  fix: {action: delete-line, applicability: unsafe}\n"
        "  examples: {flag: ['Promo: x'], pass: [nothing], fix: [{before: \"a\\nPromo: x\\n\", "
        'after: "a\\n"}]}\n'
    )
    linter = newslint.make_linter(rule_files=[rules], builtin=False)
    assert newslint.fix_text("a\nPromo: x\n", linter=linter).text == "a\nPromo: x\n"
    assert newslint.fix_text("a\nPromo: x\n", linter=linter, unsafe=True).text == "a\n"


def generated_records(count: int, seed: int = 3) -> list[dict]:
    """Records as a scraper writes them: seed texts cut, dirtied and given metadata under
    the keys the CLI test maps (``body``, ``doc_id``, ``headline``, ``published``)."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    dirt = ["Article type: metered", "Did you find this article insightful?", "Photo: Reuters"]
    records = []
    for i in range(count):
        lines = rng.choice(texts).splitlines()[: rng.randint(3, 40)]
        lines.insert(rng.randint(0, len(lines)), rng.choice(dirt))
        record = {"doc_id": i if i % 2 else f"d{i}", "body": "\n".join(lines) + "\n"}
        if i % 3:
            record["headline"] = lines[0]
        if i % 4:
            record["published"] = rng.choice(["2021-02-09", "Feb 9, 2021", "09/02/2021"])
        records.append(record)
    return records


def test_lint_batch_finds_what_the_cli_finds_in_jsonl(tmp_path, monkeypatch, capsys):
    records = generated_records(60)
    # A record of nothing but boilerplate: its last fix would empty it, and neither offers it.
    records.append({"doc_id": "bp", "body": "Article type: metered\nUser Type: anonymous web"})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    keys = ["--text-field", "body", "--id-field", "doc_id", "--title-field", "headline"]
    main(["check", "--format", "jsonl", *keys, "--metadata-field", "date=published", "c.jsonl"])
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    fields = newslint.FieldMap(
        text="body", id="doc_id", title="headline", metadata={"date": "published"}
    )
    found = newslint.lint_batch(records, fields=fields, path="c.jsonl")
    assert [f.to_dict() for f in found] == expected
    assert len({f["record"] for f in expected}) > 50
    assert [f["fix"] is None for f in expected if f["id"] == "bp" and f["rule"] == "NL101"] == [
        False,
        True,
    ]


def test_a_lone_surrogate_is_linted_around_and_kept_by_fixes():
    # JSON's "\ud800" escape gives a str that UTF-8 (and so the native matchers) cannot
    # take: the text is checked as if U+FFFD stood there, and its fixes keep it.
    text = "Lone \ud800 x inthe town.\nArticle type: metered\nDid you find this article insightful?"
    found = newslint.lint_text(text)
    assert found == newslint.lint_text(text.replace("\ud800", "\ufffd"))
    assert {"NL101", "NL120", "NL201"} <= {f.rule for f in found}
    assert newslint.fix_text(text).text == "Lone \ud800 x in the town."


def test_fix_text_gives_the_metadata_its_fixes_wrote():
    # NL510 moves a leaked "date 2021-02-09" header into the empty date field.
    text = "date 2021-02-09\n\nMOSCOW, Feb 9 (Reuters) - An ally urged Russians to gather.\n"
    metadata = {"title": "Ally urges protest", "url": "https://www.reuters.com/a", "date": ""}
    result = newslint.fix_text(text, metadata)
    assert "NL510" in {f.rule for f in result.applied}
    assert not result.text.startswith("date")
    assert result.metadata["date"] == "2021-02-09"
    assert metadata["date"] == ""  # the caller's dict is left as it was


def test_lint_batch_numbers_records_from_first_record():
    records = [{"text": "Body.\nArticle type: metered\n", "id": "a"}, {"text": "Body.\n"}]
    linter = newslint.make_linter(select=["NL101"])
    found = newslint.lint_batch(records, linter=linter, first_record=1000)
    assert [(f.record, f.id, f.path) for f in found] == [(1000, "a", None)]


def test_lint_batch_skips_a_record_it_cannot_read_and_says_which():
    records = [{"id": "a"}, "not an object", {"text": "Article type: metered"}]
    linter = newslint.make_linter(select=["NL101"])
    errors: list = []
    found = newslint.lint_batch(records, linter=linter, first_record=7, errors=errors)
    assert [f.record for f in found] == [9]
    assert [str(e) for e in errors] == [
        "<records>: record 7: record has no 'text' field",
        "<records>: record 8: record is a JSON string, not an object",
    ]
    with pytest.raises(ValueError, match="record 0: record has no 'text' field"):
        newslint.lint_batch(records, linter=linter)
