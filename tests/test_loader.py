"""Rule files: validation errors name the file, the line, the rule id and the field."""

from __future__ import annotations

import pytest

from newslint.loader import RuleFileError, builtin_rules_dir, load_rules, parse_rules

GOOD = """\
rules:
  - id: XX100
    name: shouting
    category: style
    severity: warning
    kind: pattern
    message: "Shouting: {match}"
    description: A line in capitals.
    pattern: '^[A-Z ]{10,}$'
    examples:
      flag: ["THIS IS SHOUTING"]
      pass: ["This is not"]
"""


def problems(text: str) -> list:
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "my-rules.yaml")
    return info.value.problems


def test_good_file_loads():
    (rule,) = parse_rules(GOOD, "my-rules.yaml")
    assert (rule.id, rule.kind, rule.severity) == ("XX100", "pattern", "warning")


def test_bad_severity_names_file_rule_field_and_line():
    (p,) = problems(GOOD.replace("severity: warning", "severity: fatal"))
    assert (p.path, p.rule, p.field, p.line) == ("my-rules.yaml", "XX100", "severity", 5)
    assert "my-rules.yaml:5: rule XX100: field 'severity'" in str(p)


def test_rules_as_a_bare_list_name_the_line_of_the_second_rule():
    rule = GOOD.removeprefix("rules:\n")
    second = rule.replace("XX100", "XX101").replace("severity: warning", "severity: fatal")
    (p,) = problems(rule + second)
    assert (p.rule, p.field, p.line) == ("XX101", "severity", 15)


def test_pattern_that_does_not_compile_names_pattern():
    (p,) = problems(GOOD.replace("'^[A-Z ]{10,}$'", "'^[A-Z'"))
    assert p.rule == "XX100"
    assert "does not compile" in p.message


def test_unknown_key_is_an_error():
    (p,) = problems(GOOD.replace("    kind: pattern\n", "    kind: pattern\n    severty: info\n"))
    assert p.field == "severty" and p.line == 7


def test_unknown_kind_lists_the_known_ones():
    (p,) = problems(GOOD.replace("kind: pattern", "kind: magic"))
    assert p.rule == "XX100" and p.field == "kind"
    assert "phrase" in p.message and "block" in p.message


def test_missing_examples_and_bad_id():
    found = problems(
        GOOD.replace("id: XX100", "id: nl-1").replace('      pass: ["This is not"]\n', "")
    )
    fields = {p.field for p in found}
    assert {"id", "examples.pass"} <= fields
    assert all(p.rule == "nl-1" for p in found)


def test_fix_without_fix_examples():
    text = GOOD.replace("    examples:", "    fix: {action: delete}\n    examples:")
    (p,) = problems(text)
    assert "examples.fix" in p.message


def test_unknown_placeholder_in_message():
    (p,) = problems(GOOD.replace("Shouting: {match}", "Shouting: {nope}"))
    assert "{nope}" in p.message or "nope" in p.message


def test_invalid_yaml_reports_line():
    (p,) = problems(GOOD + "  - id: [unclosed\n")
    assert p.line is not None and "invalid YAML" in p.message


def test_every_error_in_a_file_is_reported():
    text = GOOD + GOOD.split("rules:\n", 1)[1].replace("XX100", "XX101").replace(
        "severity: warning", "severity: loud"
    ).replace("name: shouting", "name: Shouting")
    found = problems(text)
    assert {(p.rule, p.field) for p in found} == {("XX101", "severity"), ("XX101", "name")}


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("name: shouting", "name: yelling"))
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path])
    (p,) = info.value.problems
    assert p.rule == "XX100" and p.field == "id" and "a.yaml" in p.message


def test_builtin_rules_are_found():
    assert (builtin_rules_dir() / "boilerplate.yaml").is_file()


def test_a_user_rule_may_not_reuse_a_builtin_id_or_name(tmp_path):
    from newslint.loader import builtin_rules

    builtin = builtin_rules()
    (tmp_path / "mine.yaml").write_text(
        GOOD.replace("id: XX100", "id: NL101").replace("name: shouting", "name: photo-caption")
    )
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path], taken=builtin)
    found = {(p.rule, p.field) for p in info.value.problems}
    assert found == {("NL101", "id"), ("NL101", "name")}
    assert all("built-in" in p.message and "mine.yaml" in p.path for p in info.value.problems)
