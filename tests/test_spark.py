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


def corpus_records(n: int = 90, seed: int = 11) -> list[dict]:
    """Records of three sites: one writes a few dates another way and spells a field two
    ways, all leak their own furniture lines (for mining)."""
    rng = random.Random(seed)
    furniture = {
        "a.example": ["Sign up for the morning briefing", "Share this article"],
        "b.example": ["Advertisement"],
        "c.example": ["Read more from our politics desk"],
    }
    records = []
    for i in range(n):
        domain = list(furniture)[i % 3]
        day = i % 28 + 1
        record = {"id": f"r{i}", "domain": domain}
        if domain == "a.example" and i % 7 == 0:
            record["date"] = f"Feb {day}, 2021"  # the minority format of a.example
            record["published_by"] = "desk"  # ... and the minority spelling of a field
        else:
            record["date"] = f"2021-02-{day:02d}"
            record["publishedBy"] = "desk"
        story = [f"Story {i} says the minister met union leaders {rng.randint(1, 99)} times."]
        story += rng.sample(furniture[domain], k=len(furniture[domain]))
        record["text"] = "\n".join(story)
        records.append(record)
    return records


def corpus_key(row: dict) -> tuple:
    return (row["id"], row["rule"], row["field"], row["message"], row["severity"])


def test_corpus_checks_and_mining_match_the_local_commands(spark, tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in corpus_records()))

    # the majority checks, tallied on three partitions and added up by Spark
    df = nspark.read_corpus(spark, [str(corpus)]).repartition(3)
    found = [r.asDict() for r in nspark.majority_findings(df, path_col="_path").collect()]
    assert cli_main(["corpus", "--isolated", "--format", "jsonl", str(corpus)]) == 1
    local = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["rule"] for r in local} == {"NL301", "NL302"}
    assert sorted(map(corpus_key, found)) == sorted(map(corpus_key, local))
    assert all(r["path"].endswith("c.jsonl") and r["record"] is None for r in found)

    # mining: the same rule pack as `newslint mine`, counted exactly
    assert cli_main(["mine", str(corpus), "--min-docs", "3"]) == 0
    mined_locally = capsys.readouterr().out
    assert "Share this article" in mined_locally
    assert nspark.mined_rules(df, min_documents=3) == mined_locally

    # the entry point runs both with the lint
    out, pack = tmp_path / "out", tmp_path / "mined.yaml"
    args = [str(corpus), "--output", str(out), "--format", "json", "--min-docs", "3"]
    code = nspark.main([*args, "--corpus", "--mine", str(pack)])
    printed = capsys.readouterr().out
    written = [json.loads(line) for f in sorted(out.glob("part-*.json")) for line in f.open()]
    assert code == 1
    assert sorted(map(corpus_key, (r for r in written if r["rule"].startswith("NL3")))) == sorted(
        map(corpus_key, local)
    )
    assert pack.read_text() == mined_locally
    assert "duplicate-id" not in printed  # every id is unique


def test_a_tie_between_two_ways_goes_to_the_first_seen(spark):
    rows = [
        ("1", "Story one.", "x.example", "2021-02-09"),
        ("2", "Story two.", "x.example", "Feb 9, 2021"),
    ]
    df = spark.createDataFrame(rows, "id string, text string, domain string, date string")
    found = nspark.majority_findings(df, select=["NL301"]).collect()
    assert [(r["id"], r["rule"]) for r in found] == [("2", "NL301")]
