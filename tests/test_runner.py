"""The local parallel runner: the same output, in the same order, as one process."""

from __future__ import annotations

import codecs
import gc
import gzip
import io
import json
import os
import random
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import collector, progress, runner, worker
from newslint.cli import main
from newslint.engine import Linter
from newslint.loader import builtin_rules, rule_data, rule_from_data
from newslint.sources import FieldMap, InputError, iter_sources, read_records


def corpus(n: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    leaks = ["Article type: metered", "Did you find this article insightful?", "Photo: AFP"]
    words = ["the", "minister", "said", "talks", "would", "resume", "after", "police", "left"]
    records = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(25)).capitalize() + "."
        if rng.random() < 0.5:
            body = f"LONDON, Feb {rng.randint(1, 28)} (Reuters) - {body}"
        if rng.random() < 0.3:
            body += "\n" + rng.choice(leaks)
        if rng.random() < 0.2:
            body += "\nThe talks were difficultbut useful, both sides said."
        records.append({"id": f"r{i}", "text": body, "date": "2021-02-09"})
    return records


def test_rules_survive_the_trip_to_a_worker():
    rules = builtin_rules()
    again = [rule_from_data(rule_data(r)) for r in rules]
    assert again == list(rules)


def checked(runner_: runner.Runner, path) -> list:
    """What ``runner_`` gives for the JSONL file ``path``: input errors, and each document
    with its findings as (record, findings)."""
    return [
        result if isinstance(result, InputError) else (result[0].record, result[1])
        for result in runner_.check(iter_sources([str(path)]))
    ]


def test_pool_gives_the_findings_of_one_process_in_order(tmp_path):
    # Without a report to write, workers send each document's findings back (as for
    # --format json, sarif and junit), and the run reports them in input order.
    lines = [json.dumps(r) for r in corpus(300)]
    lines.insert(120, '{"id": "broken"')
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    linter = Linter(builtin_rules())
    with runner.Runner(linter, 1) as one_process:
        one = checked(one_process, tmp_path / "c.jsonl")
    with runner.Runner(linter, 2, min_documents=50, min_seconds=0) as pool:
        two = checked(pool, tmp_path / "c.jsonl")
        assert pool.pooled
    assert two == one
    errors = [str(r) for r in two if isinstance(r, InputError)]
    assert len(errors) == 1 and re.search(r"c\.jsonl:121: invalid JSON", errors[0])
    records = [r[0] for r in two if not isinstance(r, InputError)]
    assert records == [n for n in range(301) if n != 120]  # the broken line is record 120
    assert any(found for _, found in two[60:])  # the pooled part found something


def test_cli_output_is_identical_with_jobs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    lines = [json.dumps(r) for r in corpus(700)]
    lines.insert(600, '{"id": "broken"')  # past the first 500: read by the main process
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        code = main(["check", "--format", "jsonl", "--jobs", jobs, "c.jsonl"])
        out, err = capsys.readouterr()
        outputs.append((code, out, err))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 2 and "c.jsonl:601" in outputs[0][2]
    assert len(outputs[0][1].splitlines()) > 100


def broken_corpus(tmp_path, n: int) -> list[str]:
    """A corpus in three files, with every kind of broken line a scrape has: bad JSON, bad
    UTF-8, a record that is no object or has no text, blank lines, a gzip cut short."""
    lines = [json.dumps(r).encode() for r in corpus(n)]
    for at, bad in [
        (n - 5, b'{"id": "broken"'),
        (n // 2, b"\xff\xfe not UTF-8"),
        (n // 3, b""),
        (n // 4, b"[1, 2]"),
        (40, b'{"id": "no-text", "title": "A headline"}'),
        (7, b"   "),
    ]:
        lines.insert(at, bad)
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    whole = gzip.compress(b"\n".join(lines[: n // 2]) + b"\n")
    (tmp_path / "b.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])  # cut short
    (tmp_path / "c.txt").write_text(corpus(1, seed=5)[0]["text"] + "\nPhoto: AFP\n")
    return ["a.jsonl", "b.jsonl.gz", "c.txt", "missing.jsonl"]


def run_twice(args: list[str], capsys) -> list[tuple[int, str, str]]:
    outputs = []
    for jobs in ("1", "2"):
        code = main(["check", "--no-progress", "--jobs", jobs, *args])
        out, err = capsys.readouterr()
        outputs.append((code, out, err))
    return outputs


@pytest.mark.parametrize(
    ("start", "fmt", "method"),
    [("mid-run", "text", "fork"), ("at-once", "jsonl", "fork"), ("at-once", "text", "spawn")],
)
def test_workers_write_the_report_of_one_process(tmp_path, monkeypatch, capsys, start, fmt, method):
    # The pool starts after the first documents, or at once for a big file; either way
    # the workers parse the raw lines and write the report, byte for byte as one process,
    # forked (Linux) or spawned (elsewhere).
    monkeypatch.setenv("NEWSLINT_START_METHOD", method)
    assert runner.start_method() == method
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    monkeypatch.setattr(runner, "MIN_DOCUMENTS", 50 if start == "mid-run" else 10**9)
    monkeypatch.setattr(runner, "MIN_SECONDS", 0)
    monkeypatch.setattr(runner, "BIG_FILE", 10**12 if start == "mid-run" else 1)
    paths = broken_corpus(tmp_path, 400)
    (one, two) = run_twice(["--format", fmt, *paths], capsys)
    assert one == two
    code, out, err = one
    assert code == 2 and len(out.splitlines()) > 100
    for error in ("invalid JSON", "invalid UTF-8", "not an object", "no 'text' field"):
        assert re.search(rf"a\.jsonl:\d+: .*{error}", err)
    assert "b.jsonl.gz: cannot read" in err and "missing.jsonl: no such file" in err


def test_the_gate_counts_what_workers_check(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    monkeypatch.setattr(runner, "MIN_DOCUMENTS", 50)
    monkeypatch.setattr(runner, "MIN_SECONDS", 0)
    paths = broken_corpus(tmp_path, 300)
    (tmp_path / "old.jsonl").write_text("\n".join(json.dumps(r) for r in corpus(150)) + "\n")
    assert main(["check", "--no-progress", "--write-baseline", "base.json", "old.jsonl"]) == 0
    capsys.readouterr()
    args = ["--baseline", "base.json", "--max-rate", "boilerplate=10%", "--format", "jsonl"]
    (one, two) = run_twice([*args, *paths], capsys)
    assert one == two
    assert "findings suppressed" in one[2] and "max-rate boilerplate:" in one[2]
    for jobs in ("1", "2"):
        main(["check", "--jobs", jobs, "--write-baseline", f"base{jobs}.json", *paths])
    assert (tmp_path / "base1.json").read_text() == (tmp_path / "base2.json").read_text()


def test_a_small_input_is_checked_before_a_pool_could_start(tmp_path):
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in corpus(600)) + "\n")
    with runner.Runner(Linter(builtin_rules()), 2, min_seconds=60) as checking:
        assert len(checked(checking, tmp_path / "c.jsonl")) == 600
        assert not checking.pooled


def test_chunks_of_lines_read_as_the_whole_file():
    lines = [b'{"text": "One."}\n', b"\n", b"{bad\n", b'{"text": "Two."}\n'] * 40
    lines[0] = codecs.BOM_UTF8 + lines[0]
    whole = [item for _, _, item in read_records(lines, "c.jsonl", FieldMap()) if item]
    parts = []
    for start in range(0, len(lines), 7):
        records = sum(1 for raw in lines[:start] if raw.strip())
        chunk = worker.Lines("c.jsonl", FieldMap(), start + 1, records, lines[start : start + 7])
        parts.extend(chunk.items())
    assert parts == whole


#: kinds of line a JSONL file may hold: records, blank and whitespace-only lines, CRLF
#: endings, a broken line, a long record
LINE_KINDS = [
    b'{"text": "One."}\n',
    b'{"id": 7, "text": "Two."}\r\n',
    b"\n",
    b"  \n",
    b"\r\n",
    b"\t\x0b\x0c\n",
    b"{bad\n",
    b'{"text": "' + b"x" * 300 + b'"}\n',
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kinds=st.lists(st.sampled_from(range(len(LINE_KINDS))), max_size=40),
    last=st.sampled_from([b"", b'{"text": "Last."}', b"  ", b"{bad"]),
    bom=st.booleans(),
    chunk=st.sampled_from([1, 2, 3, 7, 128]),
    chunk_bytes=st.sampled_from([1, 40, 200, 1 << 20]),
)
def test_spans_hold_the_lines_a_reader_of_the_whole_file_gets(
    tmp_path, monkeypatch, kinds, last, bom, chunk, chunk_bytes
):
    """The run's process sends where lines are, and the worker reads them: the same
    chunks, line numbers and record numbers as chunks of the lines themselves."""
    monkeypatch.setattr(runner, "CHUNK", chunk)
    monkeypatch.setattr(runner, "CHUNK_BYTES", chunk_bytes)
    data = b"".join(LINE_KINDS[k] for k in kinds) + last
    if bom:
        data = codecs.BOM_UTF8 + data
    (tmp_path / "c.jsonl").write_bytes(data)
    (source,) = iter_sources([str(tmp_path / "c.jsonl")])
    assert runner._plain_file(source)
    spans = list(runner._span_chunks(source))
    lines = list(runner._line_chunks(source))
    assert [(c.first_line, c.first_record) for c in spans] == [
        (c.first_line, c.first_record) for c in lines
    ]
    whole = list(source.documents())
    assert [item for c in spans for item in worker.items_of(c)] == whole


def test_a_compressed_file_or_a_pipe_is_sent_as_lines(tmp_path):
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "One."}\n'))
    (source,) = iter_sources([str(tmp_path / "c.jsonl.gz")])
    assert not runner._plain_file(source)
    fifo = tmp_path / "p.jsonl"
    os.mkfifo(fifo)
    (source,) = iter_sources([str(fifo)])
    assert not runner._plain_file(source)


def test_a_file_cut_short_under_a_worker_is_an_input_error(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "One."}\n' * 4)
    (source,) = iter_sources([str(path)])
    (span,) = runner._span_chunks(source)
    path.write_bytes(b'{"text": "One."}\n')
    (error,) = worker.items_of(span)
    assert str(error) == f"{path}:1: cannot read: the file changed while it was being checked"


def test_progress_counts_the_documents_workers_check(tmp_path, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    monkeypatch.setattr(runner, "BIG_FILE", 1)
    monkeypatch.setattr(progress, "time", FakeClock())
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in corpus(200)) + "\n")
    main(["check", "--jobs", "2", "--format", "jsonl", "c.jsonl"])
    drawn = terminal.getvalue().split("\r")
    assert any(line.startswith("newslint: 200 documents") for line in drawn)
    assert "findings" in drawn[-3]


class FakeClock:
    """A clock that moves a second a call: every progress update draws."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_keeps_what_it_starts_with_out_of_the_collectors_sight(monkeypatch, method):
    monkeypatch.setenv("NEWSLINT_START_METHOD", method)
    with runner.Runner(Linter(builtin_rules()), 2, min_documents=0, min_seconds=0) as pool:
        pool._start()
        assert pool._pool is not None
        # Forked, everything inherited (this test's process) is frozen; spawned, at least
        # the rules the worker compiled.
        assert pool._pool.submit(gc.get_freeze_count).result() > 10_000
        assert pool._pool.submit(gc.get_threshold).result()[0] == collector.YOUNG_THRESHOLD
    assert gc.get_freeze_count() == 0  # this process is left as it was


def test_check_collects_less_often_than_the_default(tmp_path, capsys):
    before = gc.get_threshold()
    gc.set_threshold(700)  # Python's default; earlier checks in this process raised it
    try:
        (tmp_path / "a.txt").write_text("MOSCOW (Reuters) - Talks resumed on Tuesday.\n")
        main(["check", "--isolated", str(tmp_path / "a.txt")])
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD
    finally:
        gc.set_threshold(*before)
