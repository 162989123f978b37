"""newslint on a real local Spark session: the same findings as the local runner."""

from __future__ import annotations

import json
import os
import random
import sys

import pytest

pyspark = pytest.importorskip("pyspark")  # the `spark` extra; .ci/run installs it

from conftest import SEED_000, SEED_003  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

import newslint  # noqa: E402
from newslint import spark as nspark  # noqa: E402
from newslint.cli import main as cli_main  # noqa: E402

CONTRACT = [
    "path", "record", "id", "rule", "name", "category", "severity", "message", "field",
    "line", "column", "end_line", "end_column", "start", "end", "fix",
]  # fmt: skip


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers run this interpreter
    session = (
        SparkSession.builder.master("local[2]")
        .appName("newslint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def generated_records(n: int, seed: int = 3) -> list[dict]:
    """News-like records with leaks, joins and datelines in varying places."""
    rng = random.Random(seed)
    leaks = [
        "Article type: metered",
        "Did you find this article insightful?",
        "FILE PHOTO: A view of the city. REUTERS/Jane Doe",
        "(Adds comments by officials)",
        "Follow our sports desk on Facebook and Instagram.",
    ]
    words = ["the", "minister", "said", "talks", "with", "union", "would", "resume", "after"]
    records = []
    for i in range(n):
        body = [" ".join(rng.choice(words) for _ in range(20)).capitalize() + "."]
        if rng.random() < 0.5:
            body.insert(0, f"LONDON, Feb {rng.randint(1, 28)} (Reuters) - " + body.pop())
        if rng.random() < 0.4:
            body.append(rng.choice(leaks))
        if rng.random() < 0.3:
            body.append("The talks were described as difficultbut useful by both sides.")
        record = {"id": f"r{i}", "text": "\n\n".join(body), "date": f"2021-02-{i % 28 + 1:02d}"}
        if rng.random() < 0.5:
            record["title"] = "Talks resume"
        records.append(record)
    return records


def comparable(rows: list[dict]) -> list[tuple]:
    keys = ("id", "rule", "field", "start", "end", "message", "severity", "line", "column")
    return sorted((*(r[k] for k in keys), r["fix"]) for r in rows)


def local_rows(records: list[dict]) -> list[dict]:
    rows = []
    for finding in newslint.lint_batch(records, linter=newslint.default_linter()):
        row = nspark.finding_row(finding)
        rows.append(row)
    return rows


def test_spark_finds_what_the_local_runner_finds(spark):
    records = generated_records(400)
    records += [
        {"id": "seed000", "text": SEED_000.read_text()},
        {"id": "seed003", "text": SEED_003.read_text()},
    ]
    df = spark.createDataFrame(
        [(r["id"], r["text"], r.get("date"), r.get("title")) for r in records],
        "id string, text string, date string, title string",
    ).repartition(3)
    found = [row.asDict() for row in nspark.lint_dataframe(df).collect()]
    assert found and list(found[0]) == CONTRACT
    # the DataFrame's null title is no title, as a record without the key
    expected = local_rows([{k: v for k, v in r.items() if v is not None} for r in records])
    assert comparable(found) == comparable(expected)
    assert {r["rule"] for r in found} >= {"NL101", "NL110", "NL120", "NL201", "NL403"}


def test_rule_selection_and_rule_files(spark, tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "rules:\n  - id: XX001\n    name: says-hello\n    category: test\n    severity: info\n"
        "    kind: phrase\n    message: hello\n    description: A test rule.\n"
        "    phrases: [hello]\n    examples: {flag: [hello there], pass: [goodbye]}\n"
    )
    rows = [("a", "hello there\nArticle type: metered")]
    df = spark.createDataFrame(rows, "id string, text string")
    found = nspark.lint_dataframe(df, select=["XX001"], rule_files=[str(rules)]).collect()
    assert [r["rule"] for r in found] == ["XX001"]


def test_corpus_checks_as_aggregations(spark):
    rows = [
        ("a", "https://example.com/x", "2021-02-09", "Talks resume"),
        ("a", "https://example.com/y", "2021-02-09", "Other"),
        ("b", "https://EXAMPLE.com/x", "2021-02-10", "Talks resume"),
        ("c", "https://example.com/z", "2021-02-09", "Z"),
    ]
    df = spark.createDataFrame(rows, "id string, url string, date string, title string")
    found = {(r["check"], r["key"]): r for r in nspark.corpus_findings(df).collect()}
    assert set(found) == {("duplicate-id", "a"), ("url-date-conflict", "https://example.com/x")}
    assert sorted(found[("url-date-conflict", "https://example.com/x")]["values"]) == [
        "2021-02-09",
        "2021-02-10",
    ]


def test_entry_point_writes_findings_and_a_summary(spark, tmp_path, capsys):
    records = generated_records(50, seed=5)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "out"
    code = nspark.main([str(corpus), "--output", str(out), "--format", "json"])
    printed = capsys.readouterr().out
    written = [json.loads(line) for f in sorted(out.glob("part-*.json")) for line in f.open()]
    assert code == 1 and written
    assert all(row["path"].endswith("c.jsonl") for row in written)
    # the same findings as `newslint check --format jsonl` on the file
    assert cli_main(["check", "--isolated", "--format", "jsonl", str(corpus)]) == 1
    local = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for row in local:
        row["fix"] = None if row["fix"] is None else json.dumps(row["fix"], ensure_ascii=False)
    for row in written:
        row.setdefault("fix", None)
    assert comparable(written) == comparable(local)
    assert f"{len(written):,} findings in 50 records" in printed
