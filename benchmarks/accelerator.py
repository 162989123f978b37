"""The RE2 accelerator of the pattern kind: the same findings, and how much faster.

Usage:
    python benchmarks/accelerator.py ../shared/corpus-dev/*.jsonl.gz [--repeat 3]

For every document it compares the findings of all the built-in rules with the
accelerator and without it (``NEWSLINT_ACCELERATOR=0``) and reports any difference by file,
line and rule (never the text). Then it times, alternately so that a noisy machine
weighs on both alike: the pattern kind alone (its ``check`` over each text) and the whole
engine, with and without, over each file and over all.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

from throughput import read_texts

from newslint.document import Document
from newslint.engine import Linter
from newslint.kinds import accelerator, pattern
from newslint.loader import builtin_rules


def built(accelerated: bool, make: Callable[[], object]) -> object:
    """``make()`` with the accelerator on or off (it is decided when rules are built)."""
    before = os.environ.get(accelerator.SWITCH)
    os.environ[accelerator.SWITCH] = "1" if accelerated else "0"
    try:
        return make()
    finally:
        if before is None:
            del os.environ[accelerator.SWITCH]
        else:
            os.environ[accelerator.SWITCH] = before


def compare(path: str, texts: list[str], on: Linter, off: Linter) -> tuple[int, int]:
    """Findings and differing documents of one file; prints each difference."""
    findings = differing = 0
    for line, text in enumerate(texts, 1):
        a, b = on.lint(Document(text)), off.lint(Document(text))
        findings += len(b)
        if a != b:
            differing += 1
            rules = sorted({f.rule for f in set(a) ^ set(b)}) or ["(order)"]
            print(f"  DIFFERENT: {path} record {line}: {', '.join(rules)}")
    return findings, differing


def seconds(check: Callable[[Document], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        check(Document(text))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", help="JSONL(.gz) corpora")
    parser.add_argument("--field", default="text", help="JSON key of the text (default: text)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes each; best counts")
    parser.add_argument("--no-check", action="store_true", help="time only")
    args = parser.parse_args()
    if not accelerator.enabled():
        print("google-re2 is not installed (or NEWSLINT_ACCELERATOR=0): nothing to compare")
        return 2

    rules = builtin_rules()
    patterns = [r for r in rules if r.kind == "pattern"]
    start = time.perf_counter()
    kind_on = built(True, lambda: pattern.build(patterns))
    print(f"pattern kind built with the accelerator in {time.perf_counter() - start:.2f} s")
    kind_off = built(False, lambda: pattern.build(patterns))
    engine_on = built(True, lambda: Linter(rules))
    engine_off = built(False, lambda: Linter(rules))
    files = {path: read_texts([path], args.field, None) for path in args.paths}
    for linter in (engine_on, engine_off):  # word lists and such loaded before timing
        linter.lint(Document("Warm up."))

    if not args.no_check:
        total = bad = docs = 0
        for path, texts in files.items():
            n, d = compare(path, texts, engine_on, engine_off)
            total, bad, docs = total + n, bad + d, docs + len(texts)
        verdict = "identical" if bad == 0 else f"DIFFERENT in {bad:,} documents"
        print(
            f"findings with and without the accelerator: {verdict} ({docs:,} documents, "
            f"{total:,} findings, all {len(rules)} rules)"
        )

    print(
        f"\nMB/s off -> on, best of {args.repeat} passes taken alternately (and the first pass:"
        " the set's DFA builds its states as it meets new text)"
    )
    rows = list(files.items())
    if len(rows) > 1:
        rows.append(("all", [t for texts in files.values() for t in texts]))
    runs = {
        "kind off": kind_off,
        "kind on": kind_on,
        "engine off": engine_off.lint,  # type: ignore[attr-defined]
        "engine on": engine_on.lint,  # type: ignore[attr-defined]
    }
    for label, texts in rows:
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        times: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(args.repeat):
            for key, check in runs.items():
                times[key].append(seconds(check, texts))  # type: ignore[arg-type]

        def rate(key: str, pick: Callable[[list[float]], float] = min) -> float:
            return size / pick(times[key])  # noqa: B023 - used within the iteration

        first = lambda values: values[0]  # noqa: E731
        print(
            f"  {os.path.basename(label):22} {size:5.1f} MB  pattern kind "
            f"{rate('kind off'):6.1f} -> {rate('kind on'):6.1f} "
            f"(first {rate('kind off', first):5.1f} -> {rate('kind on', first):5.1f})   "
            f"engine {rate('engine off'):5.2f} -> {rate('engine on'):5.2f} "
            f"(first {rate('engine off', first):5.2f} -> {rate('engine on', first):5.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
