"""Every built-in rule's own examples hold (what `newslint test-rules` checks)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from newslint.examples import check_rule, check_rules
from newslint.loader import builtin_rules, load_rules, parse_rules

RULES = builtin_rules()


def test_there_are_builtin_rules():
    assert len(RULES) >= 8
    assert {r.category for r in RULES} >= {"boilerplate", "layout"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_builtin_rule_examples(rule):
    assert check_rule(rule) == []


#: rule files the benchmarks add (a source's dateline style): their examples hold too
BENCHMARK_RULES = load_rules(sorted((ROOT / "benchmarks" / "styles").glob("*.yaml")), taken=RULES)


@pytest.mark.parametrize("rule", BENCHMARK_RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_benchmark_rule_examples(rule):
    assert check_rule(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_fixable_rule_has_fix_examples(rule):
    assert rule.examples.flag and rule.examples.pass_
    if rule.fix:
        assert rule.examples.fix


BROKEN = """
rules:
  - id: XX001
    name: says-hello
    category: test
    severity: info
    kind: phrase
    message: "hello found"
    description: A rule whose examples are wrong.
    phrases: [hello]
    fix: {action: delete}
    examples:
      flag: [goodbye]
      pass: [hello there]
      fix:
        - before: "hello world"
          after: "hello world"
"""


def test_wrong_examples_are_reported():
    (rule,) = parse_rules(BROKEN, "broken.yaml")
    failures = check_rules([rule])
    sections = sorted(f.section for f in failures)
    assert sections == ["fix", "flag", "pass"]
    assert all(f.rule == "XX001" for f in failures)
    assert any("goodbye" in str(f) for f in failures if f.section == "flag")


def test_match_mismatch_is_reported():
    text = BROKEN.replace("flag: [goodbye]", "flag: [{text: 'say hello', match: 'say'}]")
    (rule,) = parse_rules(text, "broken.yaml")
    messages = [str(f) for f in check_rules([rule]) if f.section == "flag"]
    assert messages and "expected to report 'say'" in messages[0]
