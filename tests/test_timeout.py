"""The per-document time limit (timeout.py, and the engine that keeps it)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from conftest import SEED_003
from helpers import make_rule

import newslint
from newslint.cli import main
from newslint.document import Document
from newslint.engine import TIMEOUT_RULE, Linter
from newslint.finding import Severity
from newslint.fixer import fix_document
from newslint.loader import builtin_rules

#: a pattern that backtracks catastrophically on a run of "a" not followed by the end:
#: far beyond a minute at 40 letters, well under a second at 20. The end is a lookahead, as
#: the pattern kind's accelerator (a linear-time RE2 pass) would otherwise rule "$" out
#: before Python ever runs the pattern; its loosened copy has no lookahead
CATASTROPHIC = r"(?:a|aa)+(?=$)"
SLOW_TEXT = "Sign up for our newsletter\n" + "a" * 40 + "b\n"


def slow_linter(engine: str = "re", timeout: float = 0.5) -> Linter:
    """A phrase rule that finishes at once, then a pattern rule that would not finish."""
    phrase = make_rule("phrase", id="XX001", name="newsletter", phrases=["Sign up"])
    slow = make_rule("pattern", id="XX002", name="slow", pattern=CATASTROPHIC, engine=engine)
    return Linter([phrase, slow], timeout=timeout)


def timed(lint, *args, **kwargs) -> tuple[float, list]:
    start = time.monotonic()
    findings = lint(*args, **kwargs)
    return time.monotonic() - start, findings


@pytest.mark.parametrize("engine", ["re", "regex"])
def test_a_backtracking_pattern_is_cut_short_with_a_finding(engine):
    seconds, findings = timed(slow_linter(engine).lint, Document(SLOW_TEXT, id="d1"))
    assert seconds < 3
    assert [f.rule for f in findings] == [TIMEOUT_RULE, "XX001"]  # what finished is kept
    cut = findings[0]
    assert (cut.name, cut.category, cut.severity) == (
        "document-timeout",
        "engine",
        Severity.WARNING,
    )
    assert (cut.field, cut.start, cut.end, cut.line, cut.column, cut.fix) == (
        "text",
        0,
        0,
        1,
        1,
        None,
    )
    assert cut.id == "d1"
    assert "0.5 s" in cut.message and "1 rule(s) of kind pattern" in cut.message


def test_the_cut_names_only_kinds_that_check_single_documents():
    # The corpus kind finds nothing in one document: it neither runs nor is "cut short".
    corpus = [rule for rule in builtin_rules() if rule.kind == "corpus"]
    assert corpus
    linter = Linter([*slow_linter().rules, *corpus], timeout=0.5)
    findings = linter.lint(Document(SLOW_TEXT))
    assert findings[0].rule == TIMEOUT_RULE
    assert "1 rule(s) of kind pattern did not finish" in findings[0].message


def test_the_next_document_starts_afresh():
    linter = slow_linter()
    linter.lint(Document(SLOW_TEXT))
    findings = linter.lint(Document("Sign up today.\naaab\n"))
    assert [f.rule for f in findings] == ["XX001"]


def test_a_document_in_time_is_unaffected():
    text = SEED_003.read_text()
    limited = newslint.lint_text(text, linter=newslint.make_linter(timeout=10))
    unlimited = newslint.lint_text(text, linter=newslint.make_linter(timeout=0))
    assert limited == unlimited and limited
    assert TIMEOUT_RULE not in {f.rule for f in limited}


def test_a_built_in_rule_on_a_pathological_document_is_bounded():
    # Tens of thousands of blank lines at the end: the blank-line pattern backtracks over
    # them from each newline (quadratic: minutes here).
    linter = newslint.make_linter(timeout=1)
    seconds, findings = timed(linter.lint, Document("Body.\n" + "\n" * 60_000))
    assert seconds < 4
    assert TIMEOUT_RULE in {f.rule for f in findings}


def test_outside_the_main_thread_the_deadline_is_kept_between_kinds():
    # No signal there: the running pattern is not stopped, but no kind starts after it.
    slow = make_rule("pattern", id="XX002", name="slow", pattern=CATASTROPHIC)
    phrase = make_rule("phrase", id="XX001", name="newsletter", phrases=["Sign up"])
    linter = Linter([slow, phrase], timeout=0.05)
    text = "Sign up for our newsletter\n" + "a" * 31 + "b\n"  # the pattern alone: ~0.4 s
    found: list = []
    thread = threading.Thread(target=lambda: found.extend(linter.lint(Document(text))))
    thread.start()
    thread.join(30)
    assert [f.rule for f in found] == [TIMEOUT_RULE]
    assert "of kind phrase" in found[0].message


def test_fixing_shares_one_deadline_across_rounds():
    linter = slow_linter()
    seconds, result = timed(fix_document, linter, Document(SLOW_TEXT))
    assert seconds < 3
    assert [f.rule for f in result.remaining] == [TIMEOUT_RULE, "XX001"]


# hypothesis (a test dependency) registers a gc callback; a ring that lands in it is
# swallowed there, with a warning, and that document is stopped between kinds instead.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_cut_short_anywhere_the_linter_stays_sound():
    # Limits of a fraction of a millisecond strike at random places in every kind; no
    # exception escapes, and the linter's remembered state gives the same findings after.
    text = SEED_003.read_text()
    expected = newslint.make_linter(timeout=0).lint(Document(text))
    linter = newslint.make_linter(timeout=0)
    for i in range(300):
        linter.timeout = 1e-5 * (i + 1)  # 10 µs to 3 ms: the document takes ~3 ms
        findings = linter.lint(Document(text))
        assert findings == expected or TIMEOUT_RULE in {f.rule for f in findings}
    linter.timeout = 0
    assert linter.lint(Document(text)) == expected


def test_cli_reports_the_cut_and_goes_on(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("document-timeout: 0.5\n")
    rule = {
        "id": "XX002",
        "name": "slow",
        "category": "test",
        "severity": "info",
        "kind": "pattern",
        "pattern": CATASTROPHIC,
        "message": "slow",
        "description": "Backtracks.",
        "examples": {"flag": ["a"], "pass": ["b"]},
    }
    (tmp_path / "slow.yaml").write_text(json.dumps([rule]))
    lines = [{"id": "r0", "text": SLOW_TEXT}, {"id": "r1", "text": "aaa\n"}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    args = ["check", "--no-builtin-rules", "--rules", "slow.yaml", "--format", "jsonl", "c.jsonl"]
    start = time.monotonic()
    code = main(args)
    assert time.monotonic() - start < 5
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(f["record"], f["rule"]) for f in found] == [(0, TIMEOUT_RULE), (1, "XX002")]
    assert found[0]["category"] == "engine" and found[0]["severity"] == "warning"
    assert code == 1
    # --timeout overrides the configuration; 0 means no limit.
    (tmp_path / "c.jsonl").write_text(json.dumps(lines[1]) + "\n")
    assert main([*args, "--timeout", "0"]) == 0


def test_cli_refuses_a_negative_timeout(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--timeout", "-1", "x.txt"])
    assert info.value.code == 2
    assert "--timeout" in capsys.readouterr().err
