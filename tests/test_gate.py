"""The CI gate: fingerprints, baselines, maximum rates and the JUnit report."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
import yaml
from conftest import ROOT

from newslint.cli import main
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Severity
from newslint.gate import Baseline, GateError, RateLimit, fingerprints, text_digest
from newslint.loader import parse_rules
from newslint.reporters import Summary, make_reporter
from newslint.reporters.junit import xml_text

RULES_YAML = r"""
rules:
  - id: XX101
    name: subscribe-prompt
    category: boilerplate
    severity: error
    kind: phrase
    message: "Subscribe prompt: {match}"
    description: A subscription prompt.
    phrases: ["Subscribe now"]
    examples: {flag: ["Subscribe now"], pass: ["Nothing."]}
  - id: XX102
    name: cookie-notice
    category: boilerplate
    severity: warning
    kind: phrase
    message: "Cookie notice"
    description: A cookie notice.
    phrases: ["We use cookies"]
    examples: {flag: ["We use cookies"], pass: ["Nothing."]}
  - id: XX201
    name: shouting
    category: shouting
    severity: warning
    kind: pattern
    message: "Shouting: {match}"
    description: A word in capitals.
    pattern: '\bBREAKING\b'
    examples: {flag: ["BREAKING"], pass: ["breaking"]}
  - id: XX301
    name: aside
    category: notes
    severity: info
    kind: phrase
    message: "Aside"
    description: An aside.
    phrases: ["by the way"]
    examples: {flag: ["by the way"], pass: ["Nothing."]}
"""
RULES = parse_rules(RULES_YAML, "gate.yaml")
LINTER = Linter(RULES)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A directory with the test rules and a configuration that uses only them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text(RULES_YAML)
    (tmp_path / "newslint.yaml").write_text("builtin-rules: false\nrules: [rules.yaml]\n")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write_records(path, *texts: str, ids: bool = True) -> None:
    rows = [{"id": f"r{i}", "text": t} if ids else {"text": t} for i, t in enumerate(texts)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def findings_of(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- fingerprints ---------------------------------------------------------------------------


def test_fingerprint_ignores_text_inserted_above():
    before = Document("Story.\nSubscribe now\n", path="a.txt")
    after = Document("A new lead.\nMore of it.\nStory.\nSubscribe now\n", path="a.txt")
    old, new = LINTER.lint(before), LINTER.lint(after)
    assert (old[0].line, old[0].start) != (new[0].line, new[0].start)
    assert fingerprints(before, old) == fingerprints(after, new)


def test_fingerprint_names_document_rule_and_text():
    text = "Subscribe now. BREAKING. Subscribe now."
    document = Document(text, path="c.jsonl", record=3, id="x9")
    prints = fingerprints(document, LINTER.lint(document))
    assert [(p.document, p.rule, p.occurrence) for p in prints] == [
        ("x9", "XX101", 0),
        ("x9", "XX201", 0),
        ("x9", "XX101", 1),
    ]
    assert prints[0].digest == prints[2].digest != prints[1].digest
    anonymous = Document(text, path="./c.jsonl", record=3)
    assert fingerprints(anonymous, LINTER.lint(anonymous))[0].document == "c.jsonl#3"


def test_digest_collapses_whitespace_and_knows_the_field():
    assert text_digest("text", "Subscribe  now\n") == text_digest("text", "Subscribe now")
    assert text_digest("text", "Subscribe now") != text_digest("title", "Subscribe now")
    assert text_digest("text", "Subscribe now") != text_digest("text", "Subscribe later")
    assert len(text_digest("text", "\ud800")) == 16  # a lone surrogate does not break it


# --- baseline -------------------------------------------------------------------------------


def rerun(capsys, workdir, before: str, after: str) -> tuple[int, str, str]:
    """Write a baseline of a.txt holding ``before``, then check it holding ``after``."""
    (workdir / "a.txt").write_text(before)
    run(capsys, "a.txt", "--write-baseline", "base.json")
    (workdir / "a.txt").write_text(after)
    return run(capsys, "a.txt", "--baseline", "base.json", "--format", "jsonl")


def test_write_baseline_exits_0_and_is_sorted_and_counted(capsys, workdir):
    (workdir / "a.txt").write_text("Subscribe now\nBREAKING\nSubscribe now\n")
    code, _, err = run(capsys, "a.txt", "--write-baseline", "base.json")
    assert code == 0 and "wrote baseline base.json: 3 findings" in err
    lines = (workdir / "base.json").read_text().splitlines()
    entries = json.loads("\n".join(lines))["entries"]
    assert len(lines) == 4  # the header line, one line per entry, the closing line
    assert [(e["document"], e["rule"], e["count"]) for e in entries] == [
        ("a.txt", "XX101", 2),
        ("a.txt", "XX201", 1),
    ]


def test_baseline_suppresses_known_findings_after_edits_above(capsys, workdir):
    before = "Story.\nSubscribe now\n"
    code, out, err = rerun(capsys, workdir, before, "A new first line.\n\n" + before)
    assert (code, out) == (0, "")
    assert "baseline: 1 finding suppressed, 0 baseline findings no longer found" in err


def test_baseline_is_count_aware_and_a_new_finding_fails(capsys, workdir):
    code, out, err = rerun(capsys, workdir, "Subscribe now\n" * 2, "Subscribe now\n" * 3)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in findings_of(out)] == [("XX101", 3)]
    assert "2 findings suppressed" in err


def test_baseline_reports_fixed_findings(capsys, workdir):
    before = "Subscribe now\nBREAKING\nSubscribe now\n"
    code, out, err = rerun(capsys, workdir, before, "Subscribe now\n")
    assert (code, out) == (0, "")
    assert "1 finding suppressed, 2 baseline findings no longer found" in err


def test_records_are_known_by_id_wherever_they_move(capsys, workdir):
    write_records(workdir / "c.jsonl", "Fine.", "Subscribe now")
    run(capsys, "c.jsonl", "--write-baseline", "base.json")
    rows = (workdir / "c.jsonl").read_text().splitlines()
    (workdir / "c.jsonl").write_text(rows[1] + "\n" + '{"id": "new", "text": "Ok."}\n')
    assert run(capsys, "c.jsonl", "--baseline", "base.json")[0] == 0
    (workdir / "c.jsonl").write_text('{"id": "r0", "text": "Subscribe now"}\n')
    assert run(capsys, "c.jsonl", "--baseline", "base.json")[0] == 1  # another record's text


def test_ids_of_any_text_round_trip_through_the_baseline(capsys, workdir):
    (workdir / "c.jsonl").write_text(
        '{"id": "\\ud800\u00e9", "text": "Subscribe now"}\n', encoding="utf-8"
    )
    assert run(capsys, "c.jsonl", "--write-baseline", "base.json", "--statistics")[0] == 0
    assert '"document": "\\ud800\\u00e9"' in (workdir / "base.json").read_text()
    assert run(capsys, "c.jsonl", "--baseline", "base.json")[0] == 0


def test_records_without_id_are_known_by_path_and_number(capsys, workdir):
    write_records(workdir / "c.jsonl", "Fine.", "Subscribe now", ids=False)
    run(capsys, "c.jsonl", "--write-baseline", "base.json")
    assert '"document": "c.jsonl#1"' in (workdir / "base.json").read_text()
    assert run(capsys, "c.jsonl", "--baseline", "base.json")[0] == 0


def test_rewriting_the_baseline_drops_fixed_entries(capsys, workdir):
    (workdir / "a.txt").write_text("Subscribe now\nBREAKING\n")
    run(capsys, "a.txt", "--write-baseline", "base.json")
    (workdir / "a.txt").write_text("BREAKING\n")
    code, _, _ = run(capsys, "a.txt", "--baseline", "base.json", "--write-baseline", "base.json")
    assert code == 0
    assert Baseline.load("base.json").counts.total() == 1


def test_an_empty_baseline_is_written_and_read(capsys, workdir):
    (workdir / "a.txt").write_text("Clean.\n")
    run(capsys, "a.txt", "--write-baseline", "base.json")
    assert (workdir / "base.json").read_text() == '{"newslint_baseline": 1, "entries": []}\n'
    assert run(capsys, "a.txt", "--baseline", "base.json")[0] == 0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot read baseline base.json"),
        ("{", "base.json is not a newslint baseline: invalid JSON: Expecting"),
        (b"\xff", "base.json is not a newslint baseline: invalid JSON: "),
        ('{"entries": []}', "base.json is not a newslint baseline: newslint_baseline"),
        (
            '{"newslint_baseline": 1, "entries": [{"document": "a", "rule": "X", "hash": "z"}]}',
            "base.json is not a newslint baseline: entries.0.hash",
        ),
    ],
)
def test_a_bad_baseline_exits_2_naming_the_file(capsys, workdir, content, problem):
    (workdir / "a.txt").write_text("Subscribe now\n")
    if isinstance(content, bytes):
        (workdir / "base.json").write_bytes(content)
    elif content is not None:
        (workdir / "base.json").write_text(content)
    code, out, err = run(capsys, "a.txt", "--baseline", "base.json")
    assert code == 2 and out == ""
    assert err.startswith(f"newslint: error: {problem}")


def test_an_unwritable_baseline_exits_2(capsys, workdir):
    (workdir / "a.txt").write_text("Subscribe now\n")
    code, _, err = run(capsys, "a.txt", "--write-baseline", "missing/base.json")
    assert code == 2 and "cannot write baseline missing/base.json" in err


def test_diff_is_not_gated(capsys, workdir):
    (workdir / "a.txt").write_text("Subscribe now\n")
    code, _, err = run(capsys, "a.txt", "--diff", "--max-rate", "XX101=1")
    assert code == 2 and "--diff cannot be combined" in err


# --- maximum rates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("boilerplate=0.1", Fraction(1, 10)),
        ("XX101=1/100", Fraction(1, 100)),
        ("NL1=2%", Fraction(1, 50)),
    ],
)
def test_rate_limits_parse_exactly(text, rate):
    assert RateLimit.parse(text).rate == rate


@pytest.mark.parametrize("text", ["boilerplate", "=0.1", "boilerplate=1.5", "x=-1", "x=a", "x=1/0"])
def test_bad_rate_limits_are_refused(text):
    with pytest.raises(GateError, match="--max-rate expects SELECTOR=RATE"):
        RateLimit.parse(text)


def corpus(workdir, dirty: int, total: int = 10, text: str = "Subscribe now") -> None:
    write_records(workdir / "c.jsonl", *([text] * dirty + ["Clean."] * (total - dirty)))


def test_max_rate_passes_at_the_boundary(capsys, workdir):
    corpus(workdir, dirty=1)
    code, out, err = run(capsys, "c.jsonl", "--max-rate", "XX101=0.1", "--format", "jsonl")
    assert code == 0
    assert len(findings_of(out)) == 1  # still reported
    assert "max-rate XX101: 1 of 10 documents (10.00%) have a failing finding, allowed " in err
    assert err.rstrip().endswith("10.00%: within")


def test_max_rate_fails_above_the_boundary(capsys, workdir):
    corpus(workdir, dirty=2)
    code, _, err = run(capsys, "c.jsonl", "--max-rate", "XX101=0.1")
    assert code == 1
    summary = "max-rate XX101: 2 of 10 documents (20.00%) have a failing finding, allowed 10.00%"
    assert f"{summary}: exceeded" in err


def test_max_rate_counts_documents_not_findings(capsys, workdir):
    corpus(workdir, dirty=1, text="Subscribe now. Subscribe now. We use cookies.")
    assert run(capsys, "c.jsonl", "--max-rate", "boilerplate=0.1")[0] == 0


def test_category_selector_covers_its_rules_only(capsys, workdir):
    corpus(workdir, dirty=1, text="Subscribe now. We use cookies.")
    assert run(capsys, "c.jsonl", "--max-rate", "boilerplate=0.1")[0] == 0
    assert run(capsys, "c.jsonl", "--max-rate", "cookie-notice=0.1")[0] == 1  # XX101 fails
    corpus(workdir, dirty=1, text="Subscribe now. BREAKING")
    code, _, err = run(capsys, "c.jsonl", "--max-rate", "boilerplate=0.1")
    assert code == 1 and "boilerplate: 1 of 10" in err and "within" in err  # XX201 fails


def test_each_rate_limit_is_checked_on_its_own(capsys, workdir):
    write_records(workdir / "c.jsonl", "Subscribe now", "We use cookies", "Clean.", "Clean.")
    args = ("c.jsonl", "--max-rate", "boilerplate=0.25", "--max-rate", "XX101=0.5")
    code, _, err = run(capsys, *args)
    assert code == 1
    assert "max-rate boilerplate: 2 of 4 documents (50.00%)" in err and "exceeded" in err


def test_max_rate_counts_only_failing_severities(capsys, workdir):
    corpus(workdir, dirty=5, text="by the way")
    code, _, err = run(capsys, "c.jsonl", "--max-rate", "notes=0", "--fail-on", "warning")
    assert code == 0 and "notes: 0 of 10" in err
    code, _, err = run(capsys, "c.jsonl", "--max-rate", "notes=0", "--fail-on", "info")
    assert code == 1 and "notes: 5 of 10" in err


def test_baseline_comes_before_rates(capsys, workdir):
    corpus(workdir, dirty=3)
    run(capsys, "c.jsonl", "--write-baseline", "base.json")
    write_records(workdir / "c.jsonl", *(["Subscribe now"] * 4 + ["Clean."] * 6))
    code, _, err = run(capsys, "c.jsonl", "--baseline", "base.json", "--max-rate", "XX101=0.1")
    assert code == 0 and "XX101: 1 of 10 documents" in err


def test_unknown_rate_selector_exits_2(capsys, workdir):
    (workdir / "a.txt").write_text("Fine.\n")
    code, _, err = run(capsys, "a.txt", "--max-rate", "XX9=0.1")
    assert code == 2 and "--max-rate: 'XX9' matches no rule" in err


# --- junit ----------------------------------------------------------------------------------


def junit(*documents: Document, errors: tuple[str, ...] = ()) -> ET.Element:
    stream = io.StringIO()
    reporter = make_reporter("junit", stream, rules=RULES)
    total = 0
    for document in documents:
        found = LINTER.lint(document)
        total += len(found)
        reporter.document(document, found)
    reporter.finish(Summary(documents=len(documents), findings=total, errors=errors))
    assert stream.getvalue().startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(stream.getvalue())


def test_junit_has_a_suite_per_file_and_a_failure_per_finding():
    root = junit(
        Document("Intro.\nSubscribe now\n", path="a.txt"),
        Document("Clean.", path="b.txt"),
        Document("BREAKING", path="c.jsonl", record=0, id="r0"),
        Document("Subscribe now", path="c.jsonl", record=1),
    )
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["a.txt", "b.txt", "c.jsonl"]
    (case,) = suites["a.txt"]
    assert case.get("name") == "XX101 [subscribe-prompt] line 2:1"
    assert (case.get("file"), case.get("line")) == ("a.txt", "2")
    failure = case.find("failure")
    assert failure.get("type") == "XX101"
    assert failure.get("message") == "Subscribe prompt: Subscribe now"
    assert failure.text.startswith("a.txt:2:1: XX101 [subscribe-prompt] error (boilerplate)")
    (clean,) = suites["b.txt"]
    assert clean.get("name") == "newslint" and clean.find("failure") is None
    names = [c.get("name") for c in suites["c.jsonl"]]
    assert names == ["XX201 [shouting] #0 (id r0) text:1:1", "XX101 [subscribe-prompt] #1 text:1:1"]
    assert suites["c.jsonl"].get("failures") == "2"


def test_junit_escapes_markup_and_characters_xml_cannot_hold():
    (suite,) = junit(Document("<b>BREAKING</b>", path='<a&"b\x01\x0b\ud800>.txt'))
    assert suite.get("name") == '<a&"b\\u0001\\u000b\\ud800>.txt'
    assert suite.find("testcase/failure").get("message") == "Shouting: BREAKING"
    assert xml_text("tab\tline\nok\ufffe\U0001f600") == "tab\tline\nok\\ufffe\U0001f600"


def test_junit_run_errors_are_error_cases():
    root = junit(Document("Clean.", path="a.txt"), errors=("c.jsonl:3: invalid JSON",))
    errors = root.findall("testsuite")[-1]
    assert errors.get("name") == "newslint" and root.get("errors") == "1"
    assert errors.find("testcase/error").get("message") == "c.jsonl:3: invalid JSON"


def test_junit_to_a_file_from_the_command_line(capsys, workdir):
    (workdir / "a.txt").write_text("Subscribe now\n")
    code, out, _ = run(capsys, "a.txt", "--format", "junit", "-o", "report.xml")
    assert (code, out) == (1, "")
    root = ET.parse(workdir / "report.xml").getroot()
    assert [f.get("type") for f in root.iter("failure")] == ["XX101"]


def test_severity_is_in_the_failure_text():
    root = junit(Document("by the way", path="a.txt"))
    assert f" {Severity.INFO} (notes): Aside" in root.find(".//failure").text


# --- documentation ----------------------------------------------------------------------------


def test_readme_workflow_example_gates_with_a_baseline():
    readme = (ROOT / "README.md").read_text()
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "jobs:" in b]
    steps = yaml.safe_load(block)["jobs"]["newslint"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert 'pip install "newslint[fast]"' in commands
    assert "--baseline newslint-baseline.json" in commands and "--format github" in commands
    assert "--format junit -o newslint.xml" in commands
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
        "github/codeql-action/upload-sarif",
    ]
