"""The local parallel runner: the same output, in the same order, as one process."""

from __future__ import annotations

import json
import random

from newslint.cli import main
from newslint.document import Document
from newslint.engine import Linter
from newslint.loader import builtin_rules, rule_data, rule_from_data
from newslint.runner import lint_in_order
from newslint.sources import InputError


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


def test_pool_gives_the_findings_of_one_process_in_order():
    records = corpus(300)
    items: list = [Document(r["text"], metadata=r, id=r["id"]) for r in records]
    items.insert(120, InputError("c.jsonl", 121, "broken"))
    linter = Linter(builtin_rules())
    one = [(item, found) for item, found in lint_in_order(items, linter, jobs=1)]
    two = list(lint_in_order(items, linter, jobs=2, min_documents=50))
    assert [item for item, _ in two] == items  # every item, in order, errors included
    assert [found for _, found in two] == [found for _, found in one]
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
