"""Tests for the output formats: exact text, the JSON contract, GitHub escaping, SARIF shape."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import CONTRACT_KEYS

import newslint
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Applicability, Edit, Finding, Fix, Severity
from newslint.loader import parse_rules
from newslint.reporters import (
    REPORTERS,
    GithubReporter,
    JsonLinesReporter,
    JsonReporter,
    Reporter,
    SarifReporter,
    StatisticsReporter,
    Summary,
    TextReporter,
    make_reporter,
)
from newslint.reporters.github import escape_data, escape_property
from newslint.reporters.sarif import artifact_uri
from newslint.reporters.text import window

RULES_YAML = r"""
rules:
  - id: NL901
    name: paywall-line
    category: boilerplate
    severity: error
    kind: phrase
    message: "Paywall line: {match}"
    description: A paywall prompt line.
    phrases: ["Subscribe now"]
    anchor: line-start
    report: line
    fix: {action: delete-line}
    examples:
      flag: ["Subscribe now"]
      pass: ["Nothing here."]
      fix: [{before: "Story.\nSubscribe now\n", after: "Story.\n"}]
  - id: NL902
    name: wire-advisory
    category: boilerplate
    severity: warning
    kind: pattern
    message: Wire advisory
    description: A wire service advisory in parentheses.
    pattern: '\(Adds [a-z]+\)'
    fix: {action: delete, applicability: unsafe}
    examples:
      flag: ["(Adds quote)"]
      pass: ["Adds up."]
      fix: [{before: "A (Adds quote) B", after: "A  B"}]
  - id: NL903
    name: shouting
    category: metadata
    severity: info
    kind: pattern
    message: "Shouting: {match}"
    description: Words in capitals.
    pattern: '\bBREAKING\b'
    examples:
      flag: ["BREAKING"]
      pass: ["breaking"]
"""
RULES = parse_rules(RULES_YAML, "test.yaml")
LINTER = Linter(RULES)

STORY = "The minister spoke.\nSubscribe now for more\nShe (Adds quote) said BREAKING news.\n"
RECORD = "First line.\nSubscribe now: BREAKING\n"


def story() -> Document:
    return Document(STORY, path="news/a.txt")


def record(source_line: int | None = None) -> Document:
    return Document(RECORD, path="corpus.jsonl", record=4, id="x7", source_line=source_line)


def run(name: str, documents: list[Document], **options) -> str:
    """Everything reporter ``name`` writes for ``documents``, linted with the test rules."""
    stream = io.StringIO()
    reporter = make_reporter(name, stream, rules=RULES, **options)
    reporter.start()
    total = 0
    for document in documents:
        findings = LINTER.lint(document)
        total += len(findings)
        reporter.document(document, findings)
    reporter.finish(Summary(documents=len(documents), findings=total))
    return stream.getvalue()


def report(reporter_cls: type[Reporter], document: Document, findings, summary=None, **kw):
    """Output of one reporter for hand-made findings."""
    stream = io.StringIO()
    reporter = reporter_cls(stream, **kw)
    reporter.start()
    reporter.document(document, findings)
    reporter.finish(summary or Summary(documents=1, findings=len(findings)))
    return stream.getvalue()


def finding(document: Document, start: int, end: int, **fields) -> Finding:
    """A finding of ``document`` located as the engine would."""
    index = document.index(fields.get("field", "text"))
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    values = dict(
        rule="NL999",
        name="test-rule",
        category="encoding",
        severity=Severity.ERROR,
        message="Test message",
        field="text",
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        path=document.path,
        record=document.record,
        id=document.id,
    )
    values.update(fields)
    return Finding(**values)


# --- text ---------------------------------------------------------------------------------


def test_text_file_with_source():
    assert run("text", [story()]) == (
        "news/a.txt:2:1: NL901 [*] [paywall-line] Paywall line: Subscribe now for more\n"
        "2 | Subscribe now for more\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^\n"
        "\n"
        "news/a.txt:3:5: NL902 [wire-advisory] Wire advisory\n"
        "3 | She (Adds quote) said BREAKING news.\n"
        "  |     ^^^^^^^^^^^^\n"
        "\n"
        "news/a.txt:3:23: NL903 [shouting] Shouting: BREAKING\n"
        "3 | She (Adds quote) said BREAKING news.\n"
        "  |                       ^^^^^^^^\n"
        "\n"
        "Found 3 findings (1 fixable with --fix; 1 more with --unsafe-fixes).\n"
    )


def test_text_record_without_source():
    assert run("text", [record()], show_source=False) == (
        "corpus.jsonl#4 (id x7) text:2:1: NL901 [*] [paywall-line] "
        "Paywall line: Subscribe now: BREAKING\n"
        "corpus.jsonl#4 (id x7) text:2:16: NL903 [shouting] Shouting: BREAKING\n"
        "Found 2 findings (1 fixable with --fix).\n"
    )


def test_text_record_without_id_and_other_field():
    doc = Document("Body", path="c.jsonl", record=0, fields={"title": "A  B"})
    out = report(TextReporter, doc, [finding(doc, 1, 3, field="title")], show_source=False)
    assert out.splitlines()[0] == "c.jsonl#0 title:1:2: NL999 [test-rule] Test message"


def test_text_shows_control_characters_of_the_data_as_pictures():
    # An id or a message quoting the text must not drive the terminal (ESC) or start a line
    # that reads as another finding (LF).
    doc = Document("Body", path="c.jsonl", record=0, id="a\x1b[31m\nc.jsonl#9")
    found = finding(doc, 0, 4, message="Quoted: x\ry\x85z")
    out = report(TextReporter, doc, [found], show_source=False)
    assert out.splitlines()[0] == (
        "c.jsonl#0 (id a\u241b[31m\u240ac.jsonl#9) text:1:1: NL999 [test-rule] "
        "Quoted: x\u240dy\ufffdz"
    )


def test_text_unsafe_fixes_count_as_fixable_when_enabled():
    out = run("text", [story()], show_source=False, unsafe_fixes=True)
    assert "news/a.txt:3:5: NL902 [*] [wire-advisory] Wire advisory\n" in out
    assert out.endswith("Found 3 findings (2 fixable with --fix).\n")


def test_text_line_base_shifts_number_but_not_source():
    doc = Document("one\ntwo BAD\n", path="-", line_bases={"text": 4})
    out = report(TextReporter, doc, [finding(doc, 8, 11)])
    assert out == (
        "-:6:5: NL999 [test-rule] Test message\n6 | two BAD\n  |     ^^^\n\nFound 1 finding.\n"
    )


def test_text_multi_line_span_is_noted():
    doc = Document("aa\nbbb\ncc\ndd\n", path="m.txt")
    out = report(TextReporter, doc, [finding(doc, 1, 8)]).splitlines()
    assert out[1:3] == ["1 | aa", "  |  ^ … (+2 lines)"]
    # A span that ends with a newline ends on the line it covers.
    out = report(TextReporter, doc, [finding(doc, 3, 7)]).splitlines()
    assert out[1:3] == ["2 | bbb", "  | ^^^"]


def test_text_empty_span_and_wide_and_control_characters():
    doc = Document("\t世界\x07x\n", path="w.txt")
    out = report(TextReporter, doc, [finding(doc, 2, 4)]).splitlines()
    assert out[1:3] == ["1 |  世界␇x", "  |    ^^^"]
    out = report(TextReporter, doc, [finding(doc, 1, 1)]).splitlines()
    assert out[2] == "  |  ^"


def test_text_long_line_is_windowed():
    line = "a" * 200 + "TARGET" + "b" * 200
    doc = Document(line, path="long.txt")
    out = report(TextReporter, doc, [finding(doc, 200, 206)]).splitlines()
    shown, carets = out[1].removeprefix("1 | "), out[2].removeprefix("  | ")
    assert shown.startswith("…a") and shown.endswith("b…")
    assert len(shown) == 122
    assert shown[carets.index("^") :].startswith("TARGET")
    assert carets.strip() == "^^^^^^"


def test_window_keeps_short_lines_and_edges():
    assert window("short", 1, 3) == ("short", 1, 3)
    shown, lo, hi = window("x" * 300, 0, 2, width=20)
    assert (shown, lo, hi) == ("x" * 20 + "…", 0, 2)
    shown, lo, hi = window("x" * 300, 298, 300, width=20)
    assert shown == "…" + "x" * 20 and shown[lo:hi] == "xx" and hi == len(shown)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (Summary(documents=3, findings=0), "All checks passed!"),
        (Summary(documents=0, findings=0), "No documents to check."),
        (Summary(documents=1, findings=0, errors=("a: bad",)), "No findings, but 1 error."),
        (Summary(documents=2, findings=1, fixable=0), "Found 1 finding."),
        (Summary(documents=2, findings=4, fixable=2), "Found 4 findings (2 fixable with --fix)."),
        (
            Summary(documents=2, findings=1, fixed=3, remaining=1),
            "Found 4 findings (3 fixed, 1 remaining).",
        ),
        (
            Summary(documents=2, findings=0, fixed=2, remaining=0),
            "Found 2 findings (2 fixed, 0 remaining).",
        ),
        (Summary(documents=2, findings=0, fixed=0, remaining=0), "All checks passed!"),
        (
            Summary(documents=2, findings=2, fixable=0, errors=("x", "y")),
            "Found 2 findings and 2 errors.",
        ),
    ],
)
def test_text_summary_lines(summary, expected):
    stream = io.StringIO()
    TextReporter(stream).finish(summary)
    assert stream.getvalue() == expected + "\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_text_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert TextReporter(Terminal()).colour
    assert not TextReporter(io.StringIO()).colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert not TextReporter(Terminal()).colour


def test_text_colour_codes(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    doc = Document("BAD", path="c.txt")
    stream = Terminal()
    reporter = TextReporter(stream)
    reporter.document(doc, [finding(doc, 0, 3)])
    assert stream.getvalue().splitlines()[0] == (
        "\x1b[1mc.txt:1:1\x1b[0m: \x1b[1;31mNL999\x1b[0m [test-rule] Test message"
    )


# --- json and jsonl -----------------------------------------------------------------------


def test_json_is_the_contract_in_order():
    out = run("json", [story(), record()])
    data = json.loads(out)
    expected = [f.to_dict() for doc in (story(), record()) for f in LINTER.lint(doc)]
    assert data == expected
    assert all(list(item) == CONTRACT_KEYS for item in data)
    assert data[0]["fix"] == {
        "applicability": "safe",
        "edits": [{"start": 20, "end": 43, "replacement": ""}],
    }
    assert out.startswith('[\n  {\n    "path": "news/a.txt",\n')
    assert out.endswith("]\n")


def test_json_clean_run_is_an_empty_array():
    assert run("json", [Document("Clean.", path="a.txt")]) == "[]\n"


def test_jsonl_streams_one_finding_per_line():
    stream = io.StringIO()
    reporter = JsonLinesReporter(stream)
    doc = Document("Zürich BAD", path="z.txt")
    reporter.document(doc, [finding(doc, 7, 10, message="Straße")])
    # Written as the document arrives, before finish.
    line = stream.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1
    assert "Straße" in line
    data = json.loads(line)
    assert list(data) == CONTRACT_KEYS
    assert data["start"] == 7 and data["column"] == 8 and data["fix"] is None


def test_jsonl_writes_a_lone_surrogate_as_an_escape():
    # JSON text may hold "\ud800"; the finding's message quotes it and must still be
    # written as one valid JSON line.
    stream = io.StringIO()
    doc = Document("a \ud800 b", path="s.jsonl")
    JsonLinesReporter(stream).document(doc, [finding(doc, 2, 3, message="bad \ud800")])
    line = stream.getvalue()
    assert line.count("\n") == 1
    assert json.loads(line)["message"] == "bad \ud800"


def test_jsonl_matches_json():
    documents = [story(), record()]
    lines = run("jsonl", documents).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(run("json", documents))


# --- github -------------------------------------------------------------------------------


def test_github_commands():
    assert run("github", [story(), record()]).splitlines() == [
        "::error file=news/a.txt,line=2,col=1,endLine=2,endColumn=23,"
        "title=NL901 [paywall-line]::Paywall line: Subscribe now for more",
        "::warning file=news/a.txt,line=3,col=5,endLine=3,endColumn=17,"
        "title=NL902 [wire-advisory]::Wire advisory",
        "::notice file=news/a.txt,line=3,col=23,endLine=3,endColumn=31,"
        "title=NL903 [shouting]::Shouting: BREAKING",
        "::error file=corpus.jsonl,title=NL901 [paywall-line]::"
        "record 4 (id x7) text:2:1: Paywall line: Subscribe now: BREAKING",
        "::notice file=corpus.jsonl,title=NL903 [shouting]::"
        "record 4 (id x7) text:2:16: Shouting: BREAKING",
    ]


def test_github_annotates_a_record_on_its_line_of_the_file():
    assert run("github", [record(source_line=6)]).splitlines()[0] == (
        "::error file=corpus.jsonl,line=6,title=NL901 [paywall-line]::"
        "record 4 (id x7) text:2:1: Paywall line: Subscribe now: BREAKING"
    )


def test_github_escaping():
    assert escape_data("100%\r\nok: a,b") == "100%25%0D%0Aok: a,b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"
    doc = Document("x", path="dir,1/a:b.txt")
    out = report(GithubReporter, doc, [finding(doc, 0, 1, message="50% off\nnow")])
    assert out == (
        "::error file=dir%2C1/a%3Ab.txt,line=1,col=1,endLine=1,endColumn=2,"
        "title=NL999 [test-rule]::50%25 off%0Anow\n"
    )


def test_github_stdin_has_no_file_and_errors_are_annotated():
    doc = Document("x", path="-")
    summary = Summary(documents=1, findings=1, errors=("c.jsonl:7: invalid JSON: x, y",))
    out = report(GithubReporter, doc, [finding(doc, 0, 1)], summary).splitlines()
    assert out[0].startswith("::error line=1,col=1,")
    assert out[1] == "::error title=newslint::c.jsonl:7: invalid JSON: x, y"


# --- sarif --------------------------------------------------------------------------------


def sarif_log(documents: list[Document], summary: Summary | None = None) -> dict:
    stream = io.StringIO()
    reporter = SarifReporter(stream, rules=RULES)
    total = 0
    for document in documents:
        findings = LINTER.lint(document)
        total += len(findings)
        reporter.document(document, findings)
    reporter.finish(summary or Summary(documents=len(documents), findings=total))
    return json.loads(stream.getvalue())


def test_sarif_structure():
    log = sarif_log([story()])
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "newslint"
    assert driver["version"] == newslint.__version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["NL901", "NL902", "NL903"]
    assert driver["rules"][0] == {
        "id": "NL901",
        "name": "paywall-line",
        "shortDescription": {"text": "paywall line"},
        "fullDescription": {"text": "A paywall prompt line."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"category": "boilerplate", "tags": ["boilerplate"]},
    }
    assert driver["rules"][1]["shortDescription"] == {"text": "Wire advisory"}
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == [
        "error",
        "warning",
        "note",
    ]
    assert run_["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    results = run_["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("NL901", 0, "error"),
        ("NL902", 1, "warning"),
        ("NL903", 2, "note"),
    ]
    for result in results:
        assert set(result) >= {"ruleId", "ruleIndex", "level", "message", "locations"}
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["message"] == {"text": "Paywall line: Subscribe now for more"}
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "news/a.txt"},
                "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 23},
            }
        }
    ]
    assert first["fixes"] == [
        {
            "description": {"text": "safe fix"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "news/a.txt"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 2,
                                "startColumn": 1,
                                "endLine": 3,
                                "endColumn": 1,
                            },
                            "insertedContent": {"text": ""},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    assert "fixes" not in results[2]


def test_sarif_records_have_logical_locations_and_no_region():
    log = sarif_log([record()])
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "NL901"
    assert result["message"]["text"] == (
        "record 4 (id x7) text:2:1: Paywall line: Subscribe now: BREAKING"
    )
    (location,) = result["locations"]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "corpus.jsonl"}}
    assert location["logicalLocations"] == [
        {"name": "text", "fullyQualifiedName": "records[4].text", "kind": "member"}
    ]
    assert result["properties"]["record"] == 4
    assert result["properties"]["id"] == "x7"
    assert result["properties"]["fix"]["applicability"] == "safe"
    assert "fixes" not in result


def test_sarif_record_region_is_its_line_of_the_file():
    result = sarif_log([record(source_line=6)])["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "corpus.jsonl"},
        "region": {"startLine": 6},
    }


def test_sarif_errors_unknown_rules_and_uris(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = Document("abc", path=str(tmp_path / "my dir" / "a.txt"))
    fix = Fix((Edit(0, 1, "X"),), Applicability.UNSAFE)
    stream = io.StringIO()
    reporter = SarifReporter(stream)
    reporter.document(doc, [finding(doc, 0, 1, fix=fix)])
    reporter.finish(Summary(documents=1, findings=1, errors=("b.jsonl:2: invalid JSON",)))
    run_ = json.loads(stream.getvalue())["runs"][0]
    assert run_["tool"]["driver"]["rules"] == [{"id": "NL999", "name": "test-rule"}]
    assert run_["invocations"][0] == {
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": "b.jsonl:2: invalid JSON"}}
        ],
    }
    result = run_["results"][0]
    assert result["ruleIndex"] == 0
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "my%20dir/a.txt"
    assert change["replacements"][0]["insertedContent"] == {"text": "X"}
    assert result["fixes"][0]["properties"] == {"applicability": "unsafe"}


def test_artifact_uri():
    assert artifact_uri("a/b.txt") == "a/b.txt"
    assert artifact_uri("-") == "-"
    assert artifact_uri(None) == "-"
    outside = Path("/nonexistent-root/x.txt")
    assert artifact_uri(str(outside)) == "file:///nonexistent-root/x.txt"


# --- statistics ---------------------------------------------------------------------------


def test_statistics_sorted_by_count_then_id():
    documents = [story(), record(), Document("BREAKING. BREAKING.", path="b.txt")]
    assert run("statistics", documents) == (
        "4  NL903  [ ] shouting\n2  NL901  [*] paywall-line\n1  NL902  [ ] wire-advisory\n"
    )


def test_statistics_ties_and_alignment():
    doc = Document("x" * 20, path="t.txt")
    findings = [finding(doc, i, i + 1, rule="NL2") for i in range(10)]
    findings += [finding(doc, 15, 16, rule="NL10000", name="long-id", fix=Fix((Edit(15, 16),)))]
    findings += [finding(doc, 16, 17, rule="NL1", name="one")]
    assert report(StatisticsReporter, doc, findings) == (
        "10  NL2      [ ] test-rule\n 1  NL1      [ ] one\n 1  NL10000  [*] long-id\n"
    )


def test_statistics_clean_run_writes_nothing():
    assert run("statistics", [Document("Clean.", path="a.txt")]) == ""


# --- registry -----------------------------------------------------------------------------


def test_registry():
    assert list(REPORTERS) == ["text", "json", "jsonl", "github", "sarif", "junit", "statistics"]
    assert isinstance(make_reporter("jsonl", io.StringIO()), JsonLinesReporter)
    assert isinstance(make_reporter("json", io.StringIO(), show_source=False), JsonReporter)
    with pytest.raises(ValueError) as excinfo:
        make_reporter("xml", io.StringIO())
    assert str(excinfo.value) == (
        "unknown output format 'xml' "
        "(expected one of: text, json, jsonl, github, sarif, junit, statistics)"
    )


@pytest.mark.parametrize("name", list(REPORTERS))
def test_every_reporter_handles_a_clean_run(name):
    out = run(name, [Document("Clean.", path="a.txt")], show_source=True)
    assert isinstance(out, str)


# --- memory ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "streams"),
    [("text", True), ("jsonl", True), ("github", True), ("json", False), ("sarif", False)],
)
def test_which_formats_stream(name, streams):
    """Streaming formats write a document's findings when it is checked, so a corpus of any
    size holds none of them; json and sarif are one value and hold them to the end."""
    stream = io.StringIO()
    reporter = make_reporter(name, stream, rules=RULES)
    reporter.start()
    document = story()
    reporter.document(document, LINTER.lint(document))
    assert bool(stream.getvalue()) is streams
    held = [value for value in vars(reporter).values() if isinstance(value, list) and value]
    assert (not held) is streams


def test_a_streaming_format_writes_the_same_from_its_options(monkeypatch):
    # The parallel runner's workers make their reporters from options() and write to a
    # buffer, not to the terminal: the text must be what the run's reporter would write.
    monkeypatch.delenv("NO_COLOR", raising=False)
    document = Document("Photo: AFP\nThe minister said talks would resume.\n", path="a.txt")
    findings = newslint.lint_text(document.text)
    assert findings
    for name, cls in REPORTERS.items():
        if not cls.streaming:
            continue
        mine = Terminal()
        reporter = make_reporter(name, mine, show_source=True, unsafe_fixes=False)
        reporter.document(document, findings)
        theirs = io.StringIO()
        make_reporter(name, theirs, **reporter.options()).document(document, findings)
        assert theirs.getvalue() == mine.getvalue() != ""


def test_text_summary_takes_the_runs_count_of_unsafe_fixes():
    stream = io.StringIO()
    TextReporter(stream).finish(Summary(documents=3, findings=2, fixable=1, hidden=1))
    assert (
        stream.getvalue()
        == "Found 2 findings (1 fixable with --fix; 1 more with --unsafe-fixes).\n"
    )
