"""Text of a corpus that the repository repeats: a check that no excerpt of research-use data
was copied into rules, tests or code.

Usage:
    python benchmarks/overlap.py ../shared/corpus-dev/*.jsonl.gz            # 48 characters
    python benchmarks/overlap.py ../shared/corpus-dev/*.jsonl.gz --width 32

Every window of ``--width`` characters (on one line, of five words or more) of every file
git tracks, but the seeds, is looked for in the corpus's text fields; the windows found are
printed per file with how many corpus texts hold them. Stock phrases of page furniture
("All rights reserved", a CMS's comment form) are in both by nature and may stay; what reads
like an article's own sentence, caption, headline or timestamp should be replaced by
invented text. Exit status 1 when anything is found.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import ahocorasick_rs

ROOT = Path(__file__).resolve().parent.parent


def windows(width: int) -> dict[str, tuple[str, int]]:
    """Each window of the repository's tracked files, with the first file and offset."""
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    found: dict[str, tuple[str, int]] = {}
    for name in tracked:
        if name.startswith("seeds/"):
            continue  # the seeds come from the shared seeds on purpose
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for at in range(0, max(0, len(text) - width), max(1, width // 3)):
            window = text[at : at + width]
            if "\n" not in window.strip() and len(window.split()) >= 5:
                found.setdefault(window, (name, at))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", help="JSONL(.gz) corpora")
    parser.add_argument("--width", type=int, default=48, help="window size (default 48)")
    parser.add_argument(
        "--fields", default="text,original", help="record keys to search (text,original)"
    )
    args = parser.parse_args()
    found = windows(args.width)
    keys = list(found)
    matcher = ahocorasick_rs.AhoCorasick(keys)
    hits: Counter[int] = Counter()
    for path in args.paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                for field in args.fields.split(","):
                    text = record.get(field)
                    if isinstance(text, str):
                        for index in {i for i, _, _ in matcher.find_matches_as_indexes(text)}:
                            hits[index] += 1
    by_file: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for index, count in hits.items():
        name, at = found[keys[index]]
        by_file[name].append((at, keys[index], count))
    for name, items in sorted(by_file.items()):
        print(f"{name}: {len(items)} window(s)")
        for _, window, count in sorted(items):
            print(f"  in {count:>4} text(s): {window!r}")
    print(f"{len(keys):,} windows of {args.width} characters; {len(hits):,} found in the corpus")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
