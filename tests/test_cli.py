"""End-to-end: `newslint` run as a user runs it (in process through ``main``, and once as a
real subprocess)."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import CONTRACT_KEYS, ROOT, SEED_000, SEED_003

from newslint.cli import main

CLEAN = (
    "Talks resume in Brussels\n\n"
    "BRUSSELS (Reuters) - Negotiators met on Monday to resume talks on the budget.\n\n"
    "Officials said the meeting would continue on Tuesday.\n"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty directory as the current one, with no configuration above it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    return tmp_path


@pytest.fixture
def seeds(workdir):
    """The seeds, checked with the rules of the core issue (the counts below are theirs)."""
    (workdir / "newslint.yaml").write_text("select: [boilerplate, layout]\n")
    for seed in (SEED_000, SEED_003):
        shutil.copy(seed, workdir / seed.name)
    return workdir


def records(*texts: str, broken_at: int | None = None) -> str:
    lines = [
        json.dumps({"id": f"r{i}", "text": t, "url": "https://example.com/x"})
        for i, t in enumerate(texts)
    ]
    if broken_at is not None:
        lines.insert(broken_at, '{"id": "bad", "text": "unterminated')
    return "\n".join(lines) + "\n"


def test_check_seeds_reports_and_exits_1(capsys, seeds):
    code, out, _ = run(capsys, "check", ".")
    assert code == 1
    assert "000_192a94052bf9c21c.txt:46:1: NL101 [*] [paywall-fields]" in out
    assert "003_2ba4b2c5fd7b7a25.txt:5:57: NL140" in out
    assert out.rstrip().endswith("(12 fixable with --fix; 1 more with --unsafe-fixes).")


def test_bare_paths_mean_check(capsys, seeds):
    assert run(capsys, ".", "--format", "jsonl") == run(capsys, "check", ".", "--format", "jsonl")


def test_clean_text_exits_0(capsys, workdir):
    (workdir / "clean.txt").write_text(CLEAN)
    code, out, _ = run(capsys, "clean.txt")
    assert code == 0 and "All checks passed!" in out


def test_jsonl_format_follows_the_contract(capsys, seeds):
    code, out, _ = run(capsys, "--format", "jsonl", ".")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(rows) == 13
    assert all(list(row) == CONTRACT_KEYS for row in rows)
    text = SEED_000.read_text()
    for row in rows:
        if row["path"].endswith(SEED_000.name):
            assert row["record"] is None and row["field"] == "text"
            fragment = text[row["start"] : row["end"]]
            assert text.split("\n")[row["line"] - 1][row["column"] - 1 :].startswith(
                fragment.split("\n")[0]
            )


def test_fail_on_and_exit_zero(capsys, workdir):
    (workdir / "a.txt").write_text("Para one.\n\n\n\nPara two.\n")  # an info finding only
    assert run(capsys, "a.txt")[0] == 0
    assert run(capsys, "--fail-on", "info", "a.txt")[0] == 1
    (workdir / "b.txt").write_text("Text.\nArticle type: metered\n")
    assert run(capsys, "--fail-on", "error", "b.txt")[0] == 1
    assert run(capsys, "--exit-zero", "b.txt")[0] == 0


def test_select_and_ignore(capsys, seeds):
    _, out, _ = run(capsys, "--format", "jsonl", "--select", "NL101,NL140", ".")
    assert {json.loads(line)["rule"] for line in out.splitlines()} == {"NL101", "NL140"}
    _, out, _ = run(capsys, "--format", "jsonl", "--ignore", "boilerplate", ".")
    assert {json.loads(line)["category"] for line in out.splitlines()} == {"layout"}
    code, _, err = run(capsys, "--select", "NL999", ".")
    assert code == 2 and "NL999" in err


def test_fix_in_place_then_nothing_left(capsys, seeds):
    path = seeds / SEED_000.name
    code, out, _ = run(capsys, "--fix", str(path))
    assert code == 0 and "fixed, 0 remaining" in out
    fixed = path.read_text()
    assert "Article type: metered" not in fixed and "Next In World" not in fixed
    assert "MOSCOW (Reuters) - An ally of Kremlin critic Alexei Navalny" in fixed
    before = path.stat().st_mtime_ns
    code, out, _ = run(capsys, "--fix", str(path))
    assert code == 0 and path.read_text() == fixed
    assert path.stat().st_mtime_ns == before  # nothing to fix: the file is not rewritten


def test_diff_writes_nothing(capsys, seeds):
    path = seeds / SEED_003.name
    original = path.read_bytes()
    code, out, _ = run(capsys, "--diff", str(path))
    assert code == 1
    assert "-* Authorities accuse Navalny allies of being NATO agents(Adds comments" in out
    assert "+* Authorities accuse Navalny allies of being NATO agents\n" in out
    assert path.read_bytes() == original


def test_diff_marks_a_last_line_without_newline_on_both_sides(capsys, workdir):
    (workdir / "c.jsonl").write_text(records("Body.\nArticle type: metered\nIt saidthe talks end."))
    code, out, _ = run(capsys, "--diff", "c.jsonl")
    assert code == 1
    assert out.endswith(
        "-Article type: metered\n"
        "-It saidthe talks end.\n"
        "\\ No newline at end of text\n"
        "+It said the talks end.\n"
        "\\ No newline at end of text\n"
    )


def test_unsafe_fixes_need_the_flag(capsys, workdir):
    (workdir / "rules.yaml").write_text(UNSAFE_RULE)
    (workdir / "a.txt").write_text("Body text.\nPromo: buy now\n")
    run(capsys, "--rules", "rules.yaml", "--select", "XX001", "--fix", "a.txt")
    assert "Promo" in (workdir / "a.txt").read_text()
    run(capsys, "--rules", "rules.yaml", "--select", "XX001", "--fix", "--unsafe-fixes", "a.txt")
    assert (workdir / "a.txt").read_text() == "Body text.\n"


LOOPING_RULE = """\
rules:
  - id: XX002
    name: never-settles
    category: boilerplate
    severity: warning
    kind: pattern
    message: "Loops: {match}"
    description: A fix that makes what it fixes again.
    pattern: "ab"
    fix: {action: replace, replacement: "aab", applicability: safe}
    examples:
      flag: ["ab"]
      pass: ["ba"]
      fix: [{before: "ab", after: "aab"}]
"""


def test_fixes_that_never_settle_leave_the_document_as_it_was(capsys, workdir):
    (workdir / "rules.yaml").write_text(LOOPING_RULE)
    (workdir / "a.txt").write_text("ab\n")
    (workdir / "c.jsonl").write_text(records("ab", "Body.\nArticle type: metered\n"))
    before = (workdir / "c.jsonl").read_text().splitlines()
    args = ["--rules", "rules.yaml", "--select", "XX002,NL101"]
    code, out, err = run(capsys, *args, "--diff", "a.txt", "c.jsonl")
    assert code == 2
    assert "a.txt: fixes did not reach a fixed point after 10 rounds" in err
    assert "so it is left as it was" in err
    assert "a/a.txt" not in out and "[text]" in out  # only the record that settles
    code, _, err = run(capsys, *args, "--fix", "a.txt", "c.jsonl")
    assert code == 2
    assert "c.jsonl#0 (id r0): fixes did not reach a fixed point" in err
    assert (workdir / "a.txt").read_text() == "ab\n"
    after = (workdir / "c.jsonl").read_text().splitlines()
    assert after == [before[0], before[1].replace("\\nArticle type: metered", "")]


def test_fixes_of_a_file_left_as_it_was_are_not_counted(capsys, workdir):
    data = gzip.compress(records("Body.\nArticle type: metered\n", "Two.\n" * 50).encode())
    (workdir / "c.jsonl.gz").write_bytes(data[:-12])  # cut short: no CRC, no length
    code, out, err = run(capsys, "--fix", "--select", "NL101", "c.jsonl.gz")
    assert code == 2
    assert "c.jsonl.gz: cannot rewrite, left as it was" in err
    assert "c.jsonl.gz: 1 fix made in it was not written: still to do" in err
    assert "fixed" not in out.splitlines()[-1]  # the summary claims no fix
    assert (workdir / "c.jsonl.gz").read_bytes() == data[:-12]


def test_diff_of_a_metadata_value_shows_the_value_it_replaces(capsys, workdir):
    record = {"id": "m", "title": "Head", "date": "Feb 9, 2021", "text": "Head\n\nBody."}
    (workdir / "c.jsonl").write_text(json.dumps(record) + "\n")
    code, out, _ = run(capsys, "--diff", "--select", "NL502", "--unsafe-fixes", "c.jsonl")
    assert code == 1
    assert "-Feb 9, 2021\n" in out and "+2021-02-09\n" in out


UNSAFE_RULE = """\
rules:
  - id: XX001
    name: promo-line
    category: boilerplate
    severity: warning
    kind: phrase
    message: "Promotion: {match}"
    description: A promotion line.
    phrases: ["Promo:"]
    anchor: line-start
    report: line
    fix: {action: delete-line, applicability: unsafe}
    examples:
      flag: ["Promo: buy now"]
      pass: ["No promo here"]
      fix: [{before: "A\\nPromo: x\\n", after: "A\\n"}]
"""


def test_broken_jsonl_line_is_reported_and_the_run_goes_on(capsys, workdir):
    (workdir / "c.jsonl").write_text(records(CLEAN, "Body.\nArticle type: metered\n", broken_at=1))
    code, out, err = run(capsys, "--format", "jsonl", "c.jsonl")
    assert code == 2
    assert "c.jsonl:2:" in err
    rows = [json.loads(line) for line in out.splitlines()]
    (row,) = [r for r in rows if r["category"] != "metadata"]  # no title or date: info
    assert (row["rule"], row["record"], row["id"], row["line"]) == ("NL101", 2, "r1", 2)


def test_fix_jsonl_keeps_other_fields_and_records(capsys, workdir):
    path = workdir / "c.jsonl"
    path.write_text(records(CLEAN, "Body.\nArticle type: metered\n"))
    before = path.read_text().splitlines()
    assert run(capsys, "--fix", "c.jsonl")[0] == 0
    after = path.read_text().splitlines()
    assert after[0] == before[0]
    assert after[1] == before[1].replace("\\nArticle type: metered", "")


def test_a_record_with_a_lone_surrogate_is_checked_and_fixed_with_the_others(
    capsys, workdir, monkeypatch
):
    path = workdir / "c.jsonl"
    lone = '{"id": "s", "text": "Lone \\ud800 x.\\nArticle type: metered"}\n'
    path.write_text(records("Body.\nArticle type: metered\n") + lone + records("Two.\n"))
    before = path.read_text().splitlines()
    monkeypatch.setattr("newslint.runner.BIG_FILE", 0)  # --jobs 2 starts its pool at once
    for jobs in ("1", "2"):
        code, out, _ = run(capsys, "-j", jobs, "--select", "NL101", "--format", "jsonl", "c.jsonl")
        assert code == 1
        assert [json.loads(line)["record"] for line in out.splitlines()] == [0, 1]
    assert run(capsys, "--fix", "--select", "NL101", "c.jsonl")[0] == 0
    fixed = [line.replace("\\nArticle type: metered", "") for line in before[:2]]
    assert path.read_text().splitlines() == [*fixed, before[2]]  # the escape written back


@pytest.mark.parametrize("command", [[], ["corpus"]])
def test_a_report_is_never_written_over_an_input(capsys, workdir, command):
    (workdir / "d").mkdir()
    for path in (workdir / "c.jsonl", workdir / "d" / "old.jsonl"):
        path.write_text(records(CLEAN))
    before = (workdir / "c.jsonl").read_text()
    for paths, output, why in [
        (["c.jsonl"], "c.jsonl", "it is the input c.jsonl, which it would overwrite"),
        (["d"], "d/old.jsonl", "it lies in the input directory d, which would read it"),
        (["d"], "d/new.jsonl", "it lies in the input directory d, which would read it"),
    ]:
        code, _, err = run(capsys, *command, *paths, "-o", output)
        assert code == 2
        assert f"cannot write the report to {output}: {why}" in err
    assert (workdir / "c.jsonl").read_text() == before
    assert (workdir / "d" / "old.jsonl").read_text() == before
    assert not (workdir / "d" / "new.jsonl").exists()
    assert run(capsys, *command, "d", "-o", "d/report.json")[0] in (0, 1)  # not an input


def test_a_fix_that_would_empty_the_text_is_refused_with_a_warning(capsys, workdir):
    # A record that is nothing but boilerplate is a finding about the data, not an error of
    # the run: the text is kept, the finding stays, the exit code is that of the findings.
    path = workdir / "c.jsonl"
    path.write_text(records(CLEAN, "Article type: metered\n"))
    before = path.read_text()
    code, out, err = run(capsys, "--fix", "c.jsonl")
    assert path.read_text() == before
    assert "warning: c.jsonl#1 (id r1): fix for NL101 not applied: it would delete" in err
    assert "error" not in err
    assert code == 1 and "NL101" in out


def test_a_fix_that_fix_would_refuse_is_not_offered(capsys, workdir):
    # Nothing but boilerplate: the first line's fix is made, the second's never is (it would
    # empty the text), so no report calls it fixable, with --fix or without.
    (workdir / "c.jsonl").write_text(records("Article type: metered\nUser Type: anonymous web"))
    for jobs in ("1", "2"):
        code, out, _ = run(capsys, "--select", "NL101", "--format", "jsonl", "-j", jobs, "c.jsonl")
        fixes = [json.loads(line)["fix"] is not None for line in out.splitlines()]
        assert code == 1 and fixes == [True, False]
    code, out, _ = run(capsys, "--select", "NL101", "c.jsonl")
    assert "(1 fixable with --fix)" in out
    assert run(capsys, "--fix", "--select", "NL101", "c.jsonl")[0] == 1
    code, out, _ = run(capsys, "--select", "NL101", "c.jsonl")
    assert "fixable" not in out.splitlines()[-1]  # what is left will not be fixed either


def test_github_annotations_point_at_the_records_lines(capsys, workdir):
    leak = "Body.\nArticle type: metered\n"
    lines = records(leak, leak, broken_at=1).splitlines()
    lines.insert(1, "")  # a blank line, then the broken one: the second record is on line 4
    (workdir / "c.jsonl").write_text("\n".join(lines) + "\n")
    code, out, _ = run(capsys, "--format", "github", "--select", "NL101", "c.jsonl")
    assert code == 2  # the broken line
    annotated = [line.split(",title=")[0] for line in out.splitlines() if "NL101" in line]
    assert annotated == ["::error file=c.jsonl,line=1", "::error file=c.jsonl,line=4"]


def test_bad_rule_file_exits_2_naming_file_rule_and_field(capsys, workdir):
    (workdir / "bad.yaml").write_text(UNSAFE_RULE.replace("severity: warning", "severity: high"))
    code, _, err = run(capsys, "--rules", "bad.yaml", ".")
    assert code == 2
    assert "bad.yaml:5: rule XX001: field 'severity'" in err


def test_config_file_is_used(capsys, seeds):
    (seeds / "newslint.yaml").write_text("select: [NL140]\n")
    _, out, _ = run(capsys, "--format", "jsonl", ".")
    assert {json.loads(line)["rule"] for line in out.splitlines()} == {"NL140"}
    (seeds / "newslint.yaml").write_text("fail-on: sometimes\n")
    code, _, err = run(capsys, ".")
    assert code == 2 and "setting 'fail-on'" in err


def test_missing_path_is_an_input_error(capsys, workdir):
    code, _, err = run(capsys, "nope.txt")
    assert code == 2 and "nope.txt" in err


def test_stdin_check_and_fix(capsys, workdir, monkeypatch):
    dirty = "Body.\n\nArticle type: metered\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dirty.encode())))
    code, out, _ = run(capsys, "-")
    assert code == 1 and "NL101" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dirty.encode())))
    code, out, err = run(capsys, "--fix", "-")
    assert out == "Body.\n" and "fixed" in err


def test_statistics(capsys, seeds):
    _, out, _ = run(capsys, "--statistics", ".")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["6", "NL101"]


def test_rules_explain_and_test_rules(capsys, workdir):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "NL101" in out and "paywall-fields" in out and "safe" in out
    ids = [line.split()[0] for line in out.splitlines()[1:]]
    assert ids == sorted(ids) and len(ids) > 50  # by id, whatever file a rule is in
    # Where an unsafe fix becomes safe (a concatenation rule's strong join), it says so.
    (nl201,) = [line for line in out.splitlines() if line.startswith("NL201")]
    assert nl201.endswith("unsafe, safe at strength 3+")
    code, out, _ = run(capsys, "rules", "--format", "json")
    by_id = {row["id"]: row for row in json.loads(out)}
    assert (by_id["NL201"]["fix"], by_id["NL201"]["safe_strength"]) == ("unsafe", 3.0)
    assert by_id["NL101"]["safe_strength"] is None
    code, out, _ = run(capsys, "explain", "paywall-fields")
    assert code == 0 and out.startswith("NL101 paywall-fields") and "Cxense type:" in out
    assert run(capsys, "explain", "NL999")[0] == 2
    # Options as a rule file writes them, and what each example is about (its metadata).
    code, out, _ = run(capsys, "explain", "NL503")
    assert code == 0 and "\n  schema:\n" in out and "schema_" not in out
    assert "    metadata: {'date': '2999-01-01'}" in out
    code, out, _ = run(capsys, "explain", "NL201")
    assert "message placeholders: {left}, {match}, {reason}, {right}\n" in out
    code, out, _ = run(capsys, "explain", "NL000")  # the engine's own, in no rule file
    assert code == 0 and out.startswith("NL000 document-timeout") and "--timeout" in out
    (workdir / "rules.yaml").write_text(UNSAFE_RULE)
    code, out, _ = run(capsys, "test-rules", "rules.yaml")
    assert code == 0 and out.endswith("1 rule, 3 examples: 3 passed, 0 failed\n")
    (workdir / "rules.yaml").write_text(UNSAFE_RULE.replace("No promo here", "Promo: here"))
    code, out, _ = run(capsys, "test-rules", "rules.yaml")
    assert code == 1 and "FAIL XX001 examples.pass[0]" in out
    assert out.endswith("1 rule, 3 examples: 2 passed, 1 failed (in 1 rule)\n")


def test_test_rules_passes_on_every_builtin_rule(capsys, workdir):
    code, out, _ = run(capsys, "test-rules")
    assert code == 0 and "0 failed" in out


def test_help_explains(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "exit codes:" in out and "check" in out
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "--unsafe-fixes" in out and "--fail-on" in out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "xml"])
    assert info.value.code == 2


def test_statistics_with_another_format_is_a_usage_error(capsys, workdir):
    (workdir / "a.txt").write_text(CLEAN)
    code, out, err = run(capsys, "--statistics", "--format", "json", "a.txt")
    assert (code, out) == (2, "")
    assert "--statistics prints a table of its own; it cannot be --format json" in err
    assert run(capsys, "--statistics", "a.txt")[0] in (0, 1)


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--jobs", "0", "a number of processes, 1 or more: '0'"),
        ("--jobs", "-1", "a number of processes, 1 or more: '-1'"),
        ("--language", "klingon", "a language code (en, de, fr…): 'klingon'"),
        ("--text-field", "", "expected a key, not an empty string"),
        ("--title-field", " ", "expected a key, not an empty string"),
    ],
)
def test_values_that_cannot_work_are_usage_errors(capsys, option, value, expected):
    with pytest.raises(SystemExit) as info:
        main(["check", option, value, "x.txt"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}" in err and expected in err


def test_real_subprocess(tmp_path):
    shutil.copy(SEED_003, tmp_path / "a.txt")
    (tmp_path / "newslint.yaml").write_text("{}\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "--select",
            "boilerplate",
            "--format",
            "github",
            "a.txt",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=a.txt,line=5,col=57,")


def test_seed_snapshot(capsys, monkeypatch):
    """The seeds' findings are exactly the reviewed snapshot in seeds/."""
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "check", "--isolated", "--format", "json", "seeds")
    expected = json.loads((ROOT / "seeds" / "expected-findings.json").read_text())
    assert code == 1
    assert json.loads(out) == expected


def test_user_rule_reusing_a_builtin_id_exits_2(capsys, workdir):
    (workdir / "mine.yaml").write_text(UNSAFE_RULE.replace("id: XX001", "id: NL101"))
    code, _, err = run(capsys, "--rules", "mine.yaml", ".")
    assert code == 2 and "mine.yaml: rule NL101: field 'id'" in err


def test_mine_writes_rules_that_check_then_runs(workdir, capsys):
    corpus = workdir / "corpus.jsonl"
    records = []
    for n in range(8):
        body = f"Story {n} starts here.\nIts own second line {n}.\nGet our Daily Brief newsletter"
        records.append({"id": f"a{n}", "url": f"https://www.a.com/{n}", "text": body})
        records.append({"id": f"b{n}", "domain": "b.com", "text": f"Other story {n}.\nEnd {n}."})
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records) + "{broken\n")
    code, out, err = run(capsys, "mine", str(corpus), "-o", "mined.yaml", "--min-docs", "5")
    assert code == 2  # the broken line is reported and mining goes on
    assert "corpus.jsonl:17" in err and "16 documents from 2 sources" in err
    pack = (workdir / "mined.yaml").read_text()
    assert '"Get our Daily Brief newsletter"' in pack and 'when: {domain: "a.com"}' in pack
    code, out, _ = run(capsys, "test-rules", "mined.yaml")
    assert code == 0
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, _ = run(
        capsys,
        "check",
        str(corpus),
        "--rules",
        "mined.yaml",
        "--select",
        "NLM001",
        "--format",
        "jsonl",
    )
    found = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(found) == 8
    assert {f["id"] for f in found} == {f"a{n}" for n in range(8)}


def test_mine_rejects_bad_options(workdir, capsys):
    (workdir / "c.jsonl").write_text('{"text": "x"}\n')
    code, _, err = run(capsys, "mine", "c.jsonl", "--min-share", "2")
    assert code == 2 and "--min-share" in err
    code, _, err = run(capsys, "mine", "c.jsonl", "--id-prefix", "nl")
    assert code == 2 and "--id-prefix" in err
    code, _, err = run(capsys, "mine", "c.jsonl", "--max-lines", "0")
    assert code == 2 and "--max-lines must be positive" in err


def test_mine_skips_a_source_that_is_empty(workdir, capsys):
    # A rule limited to source "" could not be loaded: those records have no source.
    lines = [
        {"source": s, "text": f"Story {n}.\nRead more on our site"}
        for n in range(6)
        for s in ("", "A")
    ]
    (workdir / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    code, _, err = run(
        capsys, "mine", "c.jsonl", "--by", "source", "-o", "m.yaml", "--min-docs", "3"
    )
    assert code == 0 and "6 documents without 'source' skipped" in err
    assert run(capsys, "test-rules", "m.yaml")[0] == 0


def test_a_lone_surrogate_in_an_id_is_written_escaped_not_fatal(tmp_path):
    (tmp_path / "newslint.yaml").write_text("select: [NL101]\n")
    (tmp_path / "s.jsonl").write_text('{"id": "a\\ud800b", "text": "Article type: metered"}\n')
    for extra in ([], ["-o", "out.txt"]):
        proc = subprocess.run(
            [sys.executable, "-m", "newslint", "check", "s.jsonl", *extra],
            cwd=tmp_path,
            capture_output=True,
        )
        assert proc.returncode == 1, proc.stderr
        written = proc.stdout if not extra else (tmp_path / "out.txt").read_bytes()
        assert b"(id a\\ud800b)" in written


@pytest.mark.parametrize(
    ("setting", "flag", "selector"),
    [
        ("select", "--select", "NL999"),
        ("extend-select", "--extend-select", "XX"),
        ("ignore", "--ignore", "NL8"),
    ],
)
def test_an_unknown_selector_names_where_it_was_written(capsys, workdir, setting, flag, selector):
    (workdir / "a.txt").write_text(CLEAN)
    config = workdir / "newslint.yaml"
    config.write_text(f"{setting}: [{selector}]\n")
    code, _, err = run(capsys, "a.txt")
    assert code == 2
    assert f"{config}: setting '{setting}': '{selector}' matches no rule id" in err
    config.write_text("{}\n")
    code, _, err = run(capsys, flag, selector, "a.txt")
    assert code == 2
    assert f"error: {flag}: '{selector}' matches no rule id" in err


def test_a_missing_rule_path_names_where_it_was_given(capsys, workdir):
    (workdir / "a.txt").write_text(CLEAN)
    (workdir / "newslint.yaml").write_text("rules: [nosuch.yaml]\n")
    code, _, err = run(capsys, "a.txt")
    assert code == 2
    assert f"newslint.yaml: setting 'rules': rule path {workdir / 'nosuch.yaml'} does not" in err
    (workdir / "newslint.yaml").write_text("{}\n")
    code, _, err = run(capsys, "--rules", "nope.yaml", "a.txt")
    assert code == 2 and "error: --rules: rule path nope.yaml does not exist" in err


def test_a_fix_to_a_nested_metadata_value_is_reported_not_written_elsewhere(capsys, workdir):
    record = {"id": "m", "date": "2024-01-02", "meta": {"date": "Feb 9, 2021"}, "text": "A."}
    (workdir / "c.jsonl").write_text(json.dumps(record) + "\n")
    before = (workdir / "c.jsonl").read_text()
    args = ["--select", "NL502", "--unsafe-fixes", "--metadata-field", "date=meta.date"]
    code, out, _ = run(capsys, *args, "--format", "jsonl", "c.jsonl")
    assert code == 1 and json.loads(out)["message"] == "date not ISO 8601: Feb 9, 2021"
    code, _, err = run(capsys, *args, "--fix", "c.jsonl")
    assert code == 2
    assert "c.jsonl:1: record has no 'meta.date' key for the fixed text; left as it was" in err
    assert (workdir / "c.jsonl").read_text() == before  # not written to the top-level "date"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", ""], "--select: no rule named"),
        (["--select", "NL303"], "no rule that checks documents (selected: NL303); corpus rules"),
        (
            ["--select", "NL101", "--ignore", "NL101"],
            "no rule that checks documents (selected: none)",
        ),
    ],
)
def test_a_selection_that_checks_nothing_fails_rather_than_passes(capsys, workdir, args, expected):
    # An empty $RULES in CI must not pass every corpus.
    (workdir / "a.txt").write_text("Body.\nArticle type: metered\n")
    code, out, err = run(capsys, *args, "a.txt")
    assert (code, out) == (2, "")
    assert expected in err


def test_command_line_selection_overrides_the_configuration(capsys, workdir):
    (workdir / "a.txt").write_text("Body.\nArticle type: metered\n")
    (workdir / "newslint.yaml").write_text("ignore: [NL101]\n")
    assert run(capsys, "--select", "boilerplate", "a.txt")[0] == 1  # starts afresh
    code, out, _ = run(capsys, "--extend-select", "NL101", "--format", "jsonl", "a.txt")
    assert code == 1 and "NL101" in {json.loads(line)["rule"] for line in out.splitlines()}
    code, out, _ = run(capsys, "--format", "jsonl", "a.txt")
    assert "NL101" not in {json.loads(line)["rule"] for line in out.splitlines()}


def test_mine_reads_records_as_check_does_so_its_rules_match(capsys, workdir):
    # The configuration's keys: the text is "body", the source "site" (as domain).
    (workdir / "newslint.yaml").write_text("fields: {text: body, metadata: {domain: site}}\n")
    records = [
        {"site": "a.com", "body": f"Story {n} starts here.\nGet our Daily Brief newsletter"}
        for n in range(6)
    ]
    (workdir / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    code, _, err = run(capsys, "mine", "c.jsonl", "--by", "domain", "-o", "m.yaml")
    assert code == 0 and "6 documents from 1 sources" in err
    assert 'when: {domain: "a.com"}' in (workdir / "m.yaml").read_text()
    code, out, _ = run(
        capsys, "c.jsonl", "--rules", "m.yaml", "--select", "NLM", "--format", "jsonl"
    )
    assert code == 1 and len(out.splitlines()) == 6
