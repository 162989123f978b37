"""The library API: lint_text, fix_text, make_linter."""

from __future__ import annotations

import json

import pytest

import newslint
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


def test_lint_batch_finds_what_the_jsonl_reader_finds(tmp_path, capsys):
    records = [
        {"id": "a", "text": DIRTY, "date": "2021-02-09"},
        {"id": 7, "text": "LONDON, Feb 9 - Shares rose.", "date": "Feb 12, 2021"},
        {"id": "c", "body": "no text key"},
        ["not", "an", "object"],
    ]
    errors: list = []
    found = newslint.lint_batch(records, first_record=10, errors=errors)
    assert [e.line for e in errors] == [13, 14]  # 1-based, as lines of a file
    assert {f.record for f in found} == {10, 11} and {f.id for f in found} == {"a", "7"}
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records[:2]))
    from newslint.cli import main

    main(["check", "--isolated", "--format", "jsonl", str(path)])
    cli = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    key = ("id", "rule", "field", "start", "end", "message")
    assert sorted(tuple(f.to_dict()[k] for k in key) for f in found) == sorted(
        tuple(row[k] for k in key) for row in cli
    )
