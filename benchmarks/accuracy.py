"""Accuracy of the built-in rules on labelled data: precision and recall per category.

Usage:
    python benchmarks/accuracy.py concat ../shared/corpus-dev/concat.jsonl.gz
    python benchmarks/accuracy.py concat CORPUS --show-errors 20   # print some misses/false hits

``concat``: the concatenation rules (category ``concatenation``) on a corpus whose records
have ``text`` (with joins), ``original`` (the same text, spaced) and ``joins``
(``{offset, type}``: where a space is missing). Per source:
- recall per join type: a join is found when a finding's span covers its offset;
- precision: findings on ``text`` that cover some labelled join;
- exact: of the joins found, the share where the fix inserts the space exactly there;
- clean: findings per 1,000 words of ``original`` (false findings on clean text).
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator

from newslint.document import Document
from newslint.engine import Linter
from newslint.loader import builtin_rules


def records(path: str) -> Iterator[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def linter_for(category: str) -> Linter:
    return Linter([r for r in builtin_rules() if r.category == category])


def _covers(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0 and spans[i][0] <= offset:
        if offset <= spans[i][1]:
            return True
        i -= 1
    return False


def concat(path: str, show_errors: int) -> None:
    linter = linter_for("concatenation")
    stats: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    seconds = 0.0
    for rec in records(path):
        src = rec.get("source", "all")
        st = stats[src]
        start = time.perf_counter()
        # No language metadata, as in most scraped corpora: the default (English) and the
        # rule's own script check decide.
        found = linter.lint(Document(rec["text"]))
        clean = linter.lint(Document(rec["original"]))
        seconds += time.perf_counter() - start
        st["docs"] += 1
        st["bytes"] += len(rec["text"].encode())
        st["words"] += len(rec["original"].split())
        st["clean_findings"] += len(clean)
        spans = sorted((f.start, f.end) for f in found)
        starts = [s for s, _ in spans]
        inserts = {f.fix.edits[0].start for f in found if f.fix}
        offsets = sorted(j["offset"] for j in rec["joins"])
        for join in rec["joins"]:
            st[f"joins:{join['type']}"] += 1
            if _covers(spans, starts, join["offset"]):
                st[f"found:{join['type']}"] += 1
                st["found"] += 1
                st["exact"] += join["offset"] in inserts
            elif join["type"] == "word_word" and len(errors) < show_errors:
                o = join["offset"]
                errors.append(f"MISS  {rec['text'][max(0, o - 25) : o + 20]!r}")
        for f in found:
            st["findings"] += 1
            i = bisect.bisect_left(offsets, f.start)
            if i < len(offsets) and offsets[i] <= f.end:
                st["correct"] += 1
            elif len(errors) < 2 * show_errors:
                errors.append(f"FALSE {rec['text'][f.start : f.end]!r} ({f.rule})")
        for f in clean:
            if len(errors) < 3 * show_errors:
                errors.append(f"CLEAN {rec['original'][f.start : f.end]!r} ({f.rule})")

    print(f"concatenation on {path}")
    header = (
        "source",
        "docs",
        "word_word R",
        "punct_word R",
        "hyphen R",
        "other R",
        "precision",
        "exact",
        "clean /1k words",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    total: Counter = Counter()
    for src, st in sorted(stats.items()):
        total.update(st)
        print(_row(src, st))
    if len(stats) > 1:
        print(_row("all", total))
    mb = total["bytes"] / 1e6
    print(
        f"\nconcatenation rules alone: {2 * mb / seconds:.1f} MB/s of text "
        f"(text and original, {2 * mb:.1f} MB in {seconds:.1f} s)"
    )
    for line in errors:
        print(line)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "-"


def _row(src: str, st: Counter) -> str:
    def recall(t: str) -> str:
        return _ratio(st[f"found:{t}"], st[f"joins:{t}"])

    return " | ".join(
        [
            src,
            str(st["docs"]),
            recall("word_word"),
            recall("punct_word"),
            recall("hyphen"),
            recall("other"),
            _ratio(st["correct"], st["findings"]),
            _ratio(st["exact"], st["found"]),
            f"{1000 * st['clean_findings'] / max(st['words'], 1):.2f}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("task", choices=["concat"])
    parser.add_argument("path")
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N misses, false findings and clean-text findings",
    )
    args = parser.parse_args()
    concat(args.path, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
