"""Workers of a pool share what they learn of tokens: one analysis per token in the pool."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle

import pytest

from newslint import joins, runner, sharing, wrap
from newslint.engine import Linter
from newslint.joins import Settings, TokenJoins, token_joins
from newslint.lexicon import lexicon, vocabulary
from newslint.loader import builtin_rules
from newslint.sources import iter_sources

TOKENS = ["phonetorches", "socialmedia", "Navalnyteam", "agents(Adds", "these15", "Menear"]


@pytest.fixture
def memory():
    """The English TokenJoins and token places, as a worker has them, forgotten after."""
    vocab = vocabulary(lexicon("en"), frozenset())
    found = token_joins(vocab, Settings())
    found.forget()
    wrap._places_cache(vocab).clear()
    yield found, vocab
    joins.record_learning(False)
    wrap.record_learning(False)
    found.forget()
    wrap._places_cache(vocab).clear()


def _analyse_and_publish(directory: str) -> None:
    journal = sharing.Journal(directory, name="child")
    vocab = vocabulary(lexicon("en"), frozenset())
    for token in TOKENS:
        token_joins(vocab, Settings()).of_token(token)
        wrap.token_places(token, vocab)
    journal.publish()
    journal.close()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_worker_takes_what_another_analysed_instead_of_analysing_it(
    tmp_path, memory, monkeypatch
):
    found, vocab = memory
    journal = sharing.Journal(str(tmp_path), name="parent")
    child = multiprocessing.get_context("fork").Process(
        target=_analyse_and_publish, args=(str(tmp_path),)
    )
    child.start()
    child.join()
    assert child.exitcode == 0

    def no_analysis(*args):
        raise AssertionError("analysed here, not taken from the other worker")

    monkeypatch.setattr(TokenJoins, "_analyse", no_analysis)
    monkeypatch.setattr(wrap, "_pair_score", no_analysis)
    monkeypatch.setattr(wrap, "_split_score", no_analysis)
    journal.gather()
    shared = {token: found.of_token(token) for token in TOKENS}
    places = {token: wrap.token_places(token, vocab) for token in TOKENS}
    journal.close()
    monkeypatch.undo()

    fresh = TokenJoins(vocab, Settings())
    assert shared == {token: fresh.of_token(token) for token in TOKENS}
    assert shared["phonetorches"][0][4:6] == ("phone", "torches")
    wrap._places_cache(vocab).clear()
    assert places == {token: wrap.token_places(token, vocab) for token in TOKENS}


def test_a_frame_is_read_only_once_it_is_whole(tmp_path, memory):
    found, _ = memory
    reader = sharing.Journal(str(tmp_path), name="reader")
    writer = TokenJoins(found.vocab, Settings())  # another process's memory
    analysed = [("phonetorches", writer.of_token("phonetorches"))]
    key = ("en", frozenset(), Settings())
    frame = pickle.dumps(([(key, analysed)], []))
    data = len(frame).to_bytes(8, "little") + frame
    with open(tmp_path / "writer", "ab") as stream:
        stream.write(data[:20])
        stream.flush()
        reader.gather()
        assert "phonetorches" not in found._held
        stream.write(data[20:])
    reader.gather()
    assert found._held["phonetorches"] == analysed[0][1]
    reader.close()


def test_a_worker_stops_recording_past_the_bound(tmp_path, memory, monkeypatch):
    found, _ = memory
    monkeypatch.setattr(sharing, "MAX_SHARED", 8)
    journal = sharing.Journal(str(tmp_path), workers=4, name="w")  # a share of 2
    for token in TOKENS[:3]:
        found.of_token(token)
    journal.publish()
    assert journal.shared == 3
    assert found.learned is None and wrap._learned is None  # nothing more is kept
    journal.close()


def _pooled_run(tmp_path, monkeypatch) -> tuple[list, str | None]:
    monkeypatch.setattr(runner, "BIG_FILE", 1)
    records = [{"id": str(i), "text": f"Words run{i} together inthe text."} for i in range(50)]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    with runner.Runner(Linter(builtin_rules()), 2) as checking:
        results = list(checking.check(iter_sources([str(tmp_path / "c.jsonl")])))
        directory = checking._journal
        assert directory is None or os.path.isdir(directory)
    return results, directory


def test_the_run_removes_the_workers_journal(tmp_path, monkeypatch):
    results, directory = _pooled_run(tmp_path, monkeypatch)
    assert len(results) == 50
    assert directory is not None and not os.path.exists(directory)


def test_a_pool_with_nowhere_to_share_checks_all_the_same(tmp_path, monkeypatch):
    def no_temp(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(runner.tempfile, "mkdtemp", no_temp)
    results, directory = _pooled_run(tmp_path, monkeypatch)
    assert directory is None
    assert [findings for _, findings in results] == [
        Linter(builtin_rules()).lint(document) for document, _ in results
    ]


def test_a_worker_that_cannot_write_its_journal_goes_on_without_it(tmp_path, memory):
    found, _ = memory

    class Full:
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        def close(self) -> None:
            pass

    journal = sharing.Journal(str(tmp_path), name="w")
    journal._own = Full()
    found.of_token("phonetorches")
    journal.publish()  # does not raise
    assert journal.shared == 0
    assert found.learned is None  # nothing more is recorded
    journal.gather()  # nor read
    assert found.of_token("thepurchase")[0].left == "the"  # the worker still checks
