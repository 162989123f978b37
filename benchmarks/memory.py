"""Peak memory of `newslint check` against corpus size: it should stay flat.

Usage:
    python benchmarks/memory.py                        # 100 MB and 1 GB corpora
    python benchmarks/memory.py --sizes 10M,100M,1G --dir /scratch

For each size, writes a JSONL corpus of that many bytes of synthetic news-like records (no
data set needed) to a temporary directory, runs ``newslint check --format jsonl -o
/dev/null`` on it in a child process, and reports the child's peak RSS (from ``wait4``, so
each run is measured alone) and its speed. The corpus is deleted after its run.

The text is made to grow its vocabulary as real news does, so that the caches keyed by
token (the concatenation rules remember each distinct token's analysis) meet new tokens
all the way through: words drawn by their English frequency (wordfreq), plus names and
figures drawn from spaces far larger than any run, more often from their small end, as
Zipf's law has it. A third of the articles carry a line of page furniture, so findings are
written throughout; a few lines are run together, as when line breaks are deleted.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
from wordfreq import top_n_list, word_frequency

UNITS = {"K": 1e3, "M": 1e6, "G": 1e9}
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
CITIES = ["LONDON", "PARIS", "MOSCOW", "WASHINGTON", "BEIJING", "NAIROBI", "LIMA", "OSLO"]
AGENCIES = ["Reuters", "AP", "AFP"]
FURNITURE = [
    "Advertisement",
    "Read more: {title}",
    "Share this article",
    "Sign up for our newsletter",
    "Copyright 2024 Example News. All rights reserved.",
    "Photo: {name}/Reuters",
]


def parse_size(text: str) -> int:
    """``100M`` -> 100,000,000 bytes; ``1G``, ``500K`` and plain numbers too."""
    text = text.strip().upper().removesuffix("B")
    scale = UNITS.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * scale)


class NewsText:
    """Synthetic articles whose vocabulary keeps growing, as a real corpus's does."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = top_n_list("en", 20_000)
        weights = [word_frequency(word, "en") for word in self.words]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def zipf(self, space: int) -> int:
        """An index in ``range(space)``, log-uniform: small ones often, large ones rarely."""
        return int(space ** self.rng.random()) - 1

    def name(self) -> str:
        """A proper name from a space of some ten million."""
        n = self.zipf(10_000_000)
        parts = []
        for _ in range(3):
            n, digit = divmod(n, len(SYLLABLES))
            parts.append(SYLLABLES[digit])
        return "".join(parts).capitalize() + (SYLLABLES[n % len(SYLLABLES)] if n else "")

    def figure(self) -> str:
        """A number as news writes it: a count, a share or an amount."""
        n = self.zipf(100_000_000)
        return self.rng.choice([f"{n:,}", f"{n % 1000 / 10:.1f}%", f"${n / 100:,.2f}"])

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(8, 28))
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = self.name()
        if rng.random() < 0.4:
            words[rng.randrange(len(words))] = self.figure()
        if len(words) > 12:
            words[rng.randrange(3, len(words) - 3)] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice(".....?")

    def article(self, number: int) -> dict:
        rng = self.rng
        title = " ".join(self.sentence().split()[:8]).rstrip(",.?").title()
        dateline = f"{rng.choice(CITIES)}, Feb {rng.randint(1, 28)} ({rng.choice(AGENCIES)}) - "
        paragraphs = [
            " ".join(self.sentence() for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(3, 14))
        ]
        paragraphs[0] = dateline + paragraphs[0]
        if rng.random() < 0.02:  # line breaks deleted: two lines run together
            at = rng.randrange(len(paragraphs) - 1)
            paragraphs[at : at + 2] = [paragraphs[at] + paragraphs[at + 1]]
        if rng.random() < 0.33:
            line = rng.choice(FURNITURE).format(title=title, name=self.name())
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), line)
        site = f"site{number % 40}.example"
        return {
            "id": f"{site}-{number}",
            "url": f"https://{site}/news/{number}",
            "date": f"2024-02-{rng.randint(1, 28):02d}",
            "title": title,
            "text": title + "\n\n" + "\n\n".join(paragraphs) + "\n",
        }

    def records(self) -> Iterator[bytes]:
        number = 0
        while True:
            yield orjson.dumps(self.article(number)) + b"\n"
            number += 1


def write_corpus(path: Path, size: int, seed: int) -> int:
    """Write records to ``path`` until it holds ``size`` bytes; the number written."""
    written = count = 0
    with path.open("wb", buffering=1 << 20) as out:
        for record in NewsText(seed).records():
            if written >= size:
                break
            out.write(record)
            written += len(record)
            count += 1
    return count


def peak_rss(command: list[str]) -> tuple[int, float, int]:
    """Run ``command``; its peak RSS in bytes, seconds taken and exit code.

    ``wait4`` gives this child's own usage; RUSAGE_CHILDREN would give the largest of all
    children so far, which hides a smaller later run.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, time.perf_counter() - start, proc.returncode  # kB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100M,1G", help="corpus sizes (default: 100M,1G)")
    parser.add_argument("--dir", help="where to write the corpora (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in sizes:
            path = Path(tmp) / f"corpus-{size}.jsonl"
            records = write_corpus(path, size, args.seed)
            command = [sys.executable, "-m", "newslint", "check", "--format", "jsonl"]
            command += ["-o", os.devnull, "--no-progress", "--isolated", str(path)]
            rss, seconds, code = peak_rss(command)
            path.unlink()
            results.append(rss)
            print(
                f"{size / 1e6:,.0f} MB, {records:,} records: peak RSS {rss / 2**20:,.0f} MB, "
                f"{seconds:,.0f} s ({size / 1e6 / seconds:.1f} MB/s), exit {code}",
                flush=True,
            )
            if code not in (0, 1):
                return 2
    growth = results[-1] / results[0] - 1
    print(f"peak RSS of the largest run vs the smallest: {growth:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
