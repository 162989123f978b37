"""Memory and speed of `newslint corpus` on a generated corpus: the figure in its --help.

Usage:
    python benchmarks/corpus_memory.py                 # 200,000 records
    python benchmarks/corpus_memory.py --records 1000000

Writes a gzipped JSONL corpus of distinct ids and urls (a few sources, one date format and
one set of field names each, so the run takes one pass: the per-record state is what
grows) to a temporary directory, runs the built-in corpus rules over it with the command's
reader, and reports the Python memory the rules' state holds at the end (tracemalloc, after
the run, so the reader's buffers are gone), per record, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from newslint.commands.corpus import Inputs
from newslint.kinds.corpus import Corpus
from newslint.loader import builtin_rules
from newslint.sources import iter_sources


def write_corpus(path: Path, records: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(records):
            site = f"site{n % 50}.example"
            record = {
                "id": f"{site}:{n:09d}",
                "domain": site,
                "url": f"https://{site}/news/2021/{n:09d}/a-story-about-things",
                "date": f"2021-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                "title": f"A headline of story number {n}",
                "author": "A. Writer",
                "text": "A short story.",
            }
            out.write(json.dumps(record) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, metavar="N")
    args = parser.parse_args()
    rules = [rule for rule in builtin_rules() if rule.kind == "corpus"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl.gz"
        write_corpus(path, args.records)
        inputs = Inputs(list(iter_sources([str(path)])), progress=False)
        tracemalloc.start()
        start = time.perf_counter()
        corpus = Corpus(rules)
        findings = sum(len(found) for _, found in corpus.run(inputs))
        seconds = time.perf_counter() - start
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        f"{inputs.documents:,} records, {findings:,} findings, {seconds:.1f} s "
        f"({inputs.documents / seconds:,.0f} records/s under tracemalloc)\n"
        f"state held: {held / 1e6:.1f} MB = {held / inputs.documents:.0f} bytes/record\n"
        f"peak RSS: {peak_rss:.0f} MB"
    )
    return 0 if findings == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
