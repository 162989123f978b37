"""Throughput of the default rule set: MB/s, documents/s, peak memory; and of ``--jobs``.

Usage:
    python benchmarks/throughput.py ../shared/corpus-dev/*.jsonl.gz
    python benchmarks/throughput.py --generate 20000          # synthetic texts, no data needed
    python benchmarks/throughput.py CORPUS --profile-rules    # each rule's share of the time
    python benchmarks/throughput.py CORPUS --jobs 2 --repeat-corpus 8   # the parallel runner

Figures reported:
- end-to-end: what ``newslint check --format jsonl`` does on a corpus it has not seen,
  JSONL read (and gunzipped), documents linted, findings serialised; only for JSONL inputs.
  It runs first, so the per-token memory of the concatenation rules starts empty, as in a
  real run; then again, with every token remembered (an upper bound for a long run);
- engine, first pass and best of N: texts already in memory, ``Linter.lint`` only (the cost
  of the rules). Later passes find every token remembered, so they flatter corpora whose
  tokens do not repeat (deleted line breaks make a new token at every line end);
- with ``--per-file``, the engine's first pass over each file alone;
- with ``--profile-rules``, each rule alone, and the concatenation rules together (they
  share one analysis per document, so that is their own cost).
Everything runs in this one process, so the rates are per core.

With ``--jobs N``, only this instead: ``newslint check --format jsonl -o /dev/null`` run as
a command, all default rules, with ``--jobs 1`` and ``--jobs N`` in turn (``--rounds``
times each, alternating, so that both see the same load), on one plain JSONL file made of
the input files' lines written ``--repeat-corpus`` times (so that starting the pool counts
as little as on a real corpus; the file is deleted afterwards). Per run: wall-clock,
documents/s, MB/s of text and of JSONL, and the CPU time of the main process and of its
workers; then the speed-up of the medians. The load average
is printed before and after: on a busy machine, wall-clock figures say little, CPU times more.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newslint import collector
from newslint.document import Document
from newslint.engine import Linter
from newslint.loader import builtin_rules


def read_texts(paths: list[str], field: str, limit: int | None) -> list[str]:
    texts: list[str] = []
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                value = json.loads(line).get(field)
                if isinstance(value, str):
                    texts.append(value)
                if limit and len(texts) >= limit:
                    return texts
    return texts


def generate(n: int, seed: int = 7) -> list[str]:
    """News-like texts with some boilerplate: a stand-in when no corpus is at hand."""
    rng = random.Random(seed)
    words = [
        "the",
        "minister",
        "said",
        "on",
        "tuesday",
        "that",
        "talks",
        "with",
        "the",
        "union",
        "would",
        "resume",
        "after",
        "police",
        "detained",
        "protesters",
        "in",
        "central",
        "moscow",
        "and",
        "markets",
        "fell",
    ]
    leaks = [
        "Article type: metered",
        "Did you find this article insightful?",
        "FILE PHOTO: A view of the city. REUTERS/Jane Doe",
        "(Adds comments by officials)",
    ]
    texts = []
    for _ in range(n):
        paras = []
        for _ in range(rng.randint(5, 25)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(15, 45)))
            paras.append(sentence.capitalize() + ".")
        if rng.random() < 0.3:
            paras.insert(rng.randrange(len(paras)), rng.choice(leaks))
        texts.append("\n\n".join(paras) + "\n")
    return texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_engine(linter: Linter, texts: list[str], repeat: int) -> tuple[float, int, float]:
    """Best time of ``repeat`` passes, findings, and the time of the first pass."""
    best = first = float("inf")
    findings = 0
    for run in range(repeat):
        start = time.perf_counter()
        findings = 0
        for text in texts:
            findings += len(linter.lint(Document(text)))
        best = min(best, time.perf_counter() - start)
        if run == 0:
            first = best
    return best, findings, first


def time_end_to_end(paths: list[str]) -> tuple[float, int, int, int]:
    """Seconds, documents, bytes of text and findings for a JSONL-in, findings-out run."""
    from newslint.commands.check import Run  # noqa: F401 - import cost is not measured
    from newslint.fixer import without_refused_fixes
    from newslint.reporters import make_reporter
    from newslint.sources import InputError, iter_sources

    linter = Linter(builtin_rules())
    sink = io.StringIO()
    reporter = make_reporter("jsonl", sink, rules=linter.rules)
    docs = size = findings = 0
    start = time.perf_counter()
    for source in iter_sources(paths):
        if isinstance(source, InputError):
            continue
        for doc in source.documents():
            if isinstance(doc, InputError):
                continue
            found = without_refused_fixes(doc, linter.lint(doc))  # as check reports them
            reporter.document(doc, found)
            docs += 1
            size += len(doc.text.encode("utf-8"))
            findings += len(found)
            if sink.tell() > 1 << 24:
                sink.seek(0)
                sink.truncate()
    return time.perf_counter() - start, docs, size, findings


# Runs the command line in a child and reports its own CPU time and its workers' (the
# children it waited for) on the last line of stderr.
_COMMAND = """
import json, resource, sys
from newslint.cli import main
if __name__ == "__main__":
    code = main(sys.argv[1:])
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    times = [own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime]
    print("rusage", json.dumps([code, *times]), file=sys.stderr)
"""


def repeated_corpus(paths: list[str], times: int, out: Path) -> tuple[int, int, int]:
    """Write the lines of ``paths`` ``times`` over to ``out``; documents, text bytes and
    JSONL bytes written."""
    docs = text_bytes = 0
    with out.open("wb") as sink:
        for _ in range(times):
            for path in paths:
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as fh:
                    for line in fh:
                        if not line.strip():
                            continue
                        sink.write(line if line.endswith(b"\n") else line + b"\n")
                        text = json.loads(line).get("text")
                        if isinstance(text, str):
                            docs += 1
                            text_bytes += len(text.encode("utf-8", "surrogatepass"))
    return docs, text_bytes, out.stat().st_size


def time_command(path: Path, jobs: int) -> tuple[float, float, float]:
    """Wall-clock seconds, main-process CPU and workers' CPU of one ``newslint check``."""
    command = [sys.executable, "-c", _COMMAND, "check", "--isolated", "--no-progress"]
    command += ["--format", "jsonl", "-o", os.devnull, "--jobs", str(jobs), str(path)]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if not last.startswith("rusage "):
        raise SystemExit(f"newslint check failed:\n{done.stderr}")
    code, own, workers = json.loads(last.removeprefix("rusage "))
    if code not in (0, 1):
        print(f"  (exit {code}: some input errors)")
    return wall, own, workers


def compare_jobs(paths: list[str], jobs: int, times: int, rounds: int) -> None:
    """--jobs 1 against --jobs N, end to end, on the inputs repeated ``times`` over."""
    with tempfile.TemporaryDirectory(prefix="newslint-throughput-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        docs, text_bytes, size = repeated_corpus(paths, times, corpus)
        print(
            f"corpus: the inputs {times} times over: {docs:,} documents, "
            f"{text_bytes / 1e6:.1f} MB of text, {size / 1e6:.1f} MB of JSONL; {os.cpu_count()} "
            f"cores; load average {_load()} before"
        )
        walls: dict[int, list[float]] = {1: [], jobs: []}
        cpus: dict[int, list[float]] = {1: [], jobs: []}
        for _ in range(rounds):
            for n in (1, jobs):
                wall, own, workers = time_command(corpus, n)
                if n > 1 and not workers:
                    print("  (no pool started: the input is too small to be worth one)")
                walls[n].append(wall)
                cpus[n].append(own + workers)
                print(
                    f"  --jobs {n}: {wall:7.2f} s  {docs / wall:8,.0f} docs/s  "
                    f"{text_bytes / 1e6 / wall:6.2f} MB/s text  {size / 1e6 / wall:6.2f} MB/s "
                    f"JSONL  CPU: main {own:6.2f} s, workers {workers:6.2f} s"
                )
        one, many = statistics.median(walls[1]), statistics.median(walls[jobs])
        print(
            f"median wall-clock: --jobs 1 {one:.2f} s, --jobs {jobs} {many:.2f} s: "
            f"{one / many:.2f}x; best against best {min(walls[1]) / min(walls[jobs]):.2f}x; "
            f"load average {_load()} after"
        )
        # CPU time says more than wall-clock on a busy machine: what the pool costs in all.
        cpu_one, cpu_many = statistics.median(cpus[1]), statistics.median(cpus[jobs])
        print(
            f"median CPU: --jobs 1 {cpu_one:.2f} s, --jobs {jobs} {cpu_many:.2f} s in all "
            f"(+{100 * (cpu_many / cpu_one - 1):.0f}%): on {jobs} idle cores, at most "
            f"{jobs * cpu_one / cpu_many:.2f}x"
        )


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", help="JSONL(.gz) corpora")
    parser.add_argument("--field", default="text", help="JSON key of the text (default: text)")
    parser.add_argument(
        "--generate", type=int, metavar="N", help="benchmark N generated texts instead of a corpus"
    )
    parser.add_argument("--limit", type=int, help="use at most this many documents")
    parser.add_argument("--repeat", type=int, default=3, help="engine runs; the best counts")
    parser.add_argument(
        "--profile-rules", action="store_true", help="time each rule alone over the corpus"
    )
    parser.add_argument(
        "--per-file", action="store_true", help="time each input file alone (engine)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="only compare `newslint check --jobs N` with --jobs 1, end to end (JSONL paths)",
    )
    parser.add_argument(
        "--repeat-corpus",
        type=int,
        default=1,
        metavar="K",
        help="with --jobs: write the inputs K times over into one JSONL file (default 1)",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="with --jobs: runs of each (default 2)"
    )
    args = parser.parse_args()
    if not args.paths and not args.generate:
        parser.error("give JSONL paths or --generate N")
    if args.jobs:
        if not args.paths:
            parser.error("--jobs needs JSONL paths")
        compare_jobs(args.paths, args.jobs, args.repeat_corpus, args.rounds)
        return 0

    collector.batch()  # the collector's setting in `newslint check`, which this measures
    load_start = time.perf_counter()
    texts = (
        read_texts(args.paths, args.field, args.limit) if args.paths else generate(args.generate)
    )
    load_time = time.perf_counter() - load_start
    size = sum(len(t.encode("utf-8")) for t in texts)
    linter = Linter(builtin_rules())
    linter.lint(Document("Word lists are loaded before timing starts."))
    print(
        f"corpus: {len(texts):,} documents, {size / 1e6:.1f} MB of text "
        f"(read in {load_time:.1f} s); {len(linter.rules)} rules"
    )

    end_to_end = (
        args.paths and all(".jsonl" in p or ".ndjson" in p for p in args.paths) and not args.limit
    )
    if end_to_end:
        for label in ("end-to-end:", "again:"):
            e2e, docs, e2e_size, e2e_findings = time_end_to_end(args.paths)
            print(
                f"{label:12} {e2e_size / 1e6 / e2e:8.2f} MB/s  {docs / e2e:10,.0f} docs/s  "
                f"{e2e_findings:,} findings  (JSONL in, findings JSONL out, {e2e:.2f} s)"
            )
        print(
            "             (again: the same corpus once more, every token remembered; a long "
            "run over new text lies between the two)"
        )

    seconds, findings, first = time_engine(linter, texts, args.repeat)
    if not end_to_end:  # else the end-to-end run was the first pass
        print(
            f"engine, first pass: {size / 1e6 / first:8.2f} MB/s  "
            f"{len(texts) / first:10,.0f} docs/s  ({first:.2f} s)"
        )
    print(
        f"engine, best of {args.repeat}: {size / 1e6 / seconds:8.2f} MB/s  "
        f"{len(texts) / seconds:10,.0f} docs/s  {findings:,} findings  ({seconds:.2f} s)"
    )

    if args.per_file:
        print("\nper file (engine, one pass each):")
        for path in args.paths:
            part = read_texts([path], args.field, args.limit)
            part_size = sum(len(t.encode("utf-8")) for t in part)
            t, n, _ = time_engine(linter, part, 1)
            print(
                f"  {path:50} {part_size / 1e6:6.1f} MB {part_size / 1e6 / t:8.2f} MB/s  "
                f"{len(part) / t:10,.0f} docs/s  {n:,} findings"
            )

    if args.profile_rules:
        rows = []
        for rule in linter.rules:
            t, n, _ = time_engine(Linter([rule]), texts, 2)
            rows.append((t, rule.id, rule.name, rule.kind, n))
        total = sum(r[0] for r in rows)
        print(
            "\nper rule (each alone, best of 2; in a full run phrase rules share one matcher "
            "and concatenation rules one analysis):"
        )
        for t, rid, name, kind, n in sorted(rows, reverse=True):
            print(
                f"  {rid:7} {name:28} {kind:13} {t:7.2f} s  {100 * t / total:5.1f}%  "
                f"{size / 1e6 / t:9.1f} MB/s  {n:,} findings"
            )
        shared = [r for r in linter.rules if r.kind == "concatenation"]
        if shared:
            t, n, _ = time_engine(Linter(shared), texts, 2)
            print(
                f"  concatenation rules together (one shared analysis): {t:.2f} s  "
                f"{size / 1e6 / t:.1f} MB/s  {n:,} findings"
            )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
