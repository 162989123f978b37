"""Accuracy of the built-in rules on labelled data: precision and recall per category.

Usage:
    python benchmarks/accuracy.py concat ../shared/corpus-dev/concat.jsonl.gz
    python benchmarks/accuracy.py concat CORPUS --show-errors 20   # print some misses/false hits
    python benchmarks/accuracy.py boilerplate ../shared/corpus-dev/boilerplate.jsonl.gz
    python benchmarks/accuracy.py boilerplate CORPUS --rules mined.yaml   # with extra rules
    python benchmarks/accuracy.py datelines ../shared/corpus-dev/datelines.jsonl.gz
    python benchmarks/accuracy.py metadata ../shared/corpus-dev/metadata.jsonl.gz

``concat``: the concatenation rules (category ``concatenation``) on a corpus whose records
have ``text`` (with joins), ``original`` (the same text, spaced) and ``joins``
(``{offset, type}``: where a space is missing). Per source:
- recall per join type: a join is found when a finding's span covers its offset;
- precision: findings on ``text`` that cover some labelled join;
- exact: of the joins found, the share where the fix inserts the space exactly there;
- clean: findings per 1,000 words of ``original`` (false findings on clean text).

``datelines``: the dateline rules on a corpus whose records have ``text``, ``source``,
``metadata_date``, ``has_dateline``, ``dateline_form`` (``standard`` or not) and
``date_delta_days``, at document level: precision and recall of missing datelines, of
malformed ones, and of dateline dates 2 days or more from the record's date (one day off
reported apart). ``--rules`` adds a source's style (benchmarks/styles/reuters21578.yaml
for Reuters-21578, which is added by default).

``metadata``: on records with ``text``, ``fields.date`` and ``consistent.date``, precision
and recall of the records whose date the dateline rules find to disagree with the text.

``boilerplate``: the boilerplate rules (category ``boilerplate``) at line level, on a corpus
whose records have ``text`` (lines joined with newlines), ``extractor`` and ``lines``
(``{label}`` per line of ``text``: ``content``, ``title`` (counted as content),
``boilerplate`` or ``ambiguous`` (not scored)). A line is flagged when a boilerplate finding
overlaps it. Per extractor, and for the article extractors together (all but
``html-text``, a dump of the whole page):
- precision and recall of flagged lines, F1;
- fix: the share of content lines that ``--fix`` (safe fixes of those rules) deletes.
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
from pathlib import Path

from newslint.document import Document
from newslint.engine import Linter
from newslint.fixer import fix_document
from newslint.loader import builtin_rules, load_rules


def records(path: str) -> Iterator[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def linter_for(category: str, rule_files: list[str] = ()) -> Linter:  # type: ignore[assignment]
    base = builtin_rules()
    rules = [*base, *load_rules(rule_files, taken=base)]
    return Linter([r for r in rules if r.category == category])


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


#: the extractor that dumps the whole page; every other one extracts the article
FULL_PAGE = "html-text"


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def boilerplate(path: str, show_errors: int, rule_files: list[str]) -> None:
    linter = linter_for("boilerplate", rule_files)
    stats: dict[str, Counter] = defaultdict(Counter)
    errors: list[str] = []
    for rec in records(path):
        text, labels = rec["text"], [line["label"] for line in rec["lines"]]
        spans = _line_spans(text)
        if len(spans) != len(labels):
            print(f"skipped {rec.get('id')}: {len(spans)} lines, {len(labels)} labels")
            continue
        document = Document(text, metadata={"url": rec.get("url"), "domain": rec.get("domain")})
        findings = linter.lint(document)
        flagged = [False] * len(spans)
        for f in findings:
            for i, (start, end) in enumerate(spans):
                if (f.start < end and start < f.end) or (f.start == f.end == start):
                    flagged[i] = True
        fixed = fix_document(linter, document).text
        kept = Counter(fixed.split("\n"))
        groups = [rec["extractor"], "article extractors" if rec["extractor"] != FULL_PAGE else None]
        for i, label in enumerate(labels):
            if label == "ambiguous":
                continue
            truth = label == "boilerplate"
            line_text = text[spans[i][0] : spans[i][1]]
            deleted = False
            if not truth:
                if kept[line_text] > 0:
                    kept[line_text] -= 1
                else:
                    deleted = True
            for group in filter(None, groups):
                st = stats[group]
                st["boilerplate" if truth else "content"] += 1
                st[_OUTCOME[truth, flagged[i]]] += 1
                st["deleted"] += deleted
            if flagged[i] and not truth and len(errors) < show_errors:
                errors.append(f"FALSE [{rec['extractor']}] {line_text[:120]!r}")
            elif truth and not flagged[i] and len(errors) < 2 * show_errors:
                errors.append(f"MISS  [{rec['extractor']}] {line_text[:120]!r}")
    print(f"boilerplate lines on {path}")
    header = ("extractors", "content", "boilerplate", "precision", "recall", "F1", "fix deletes")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    first = ("article extractors", FULL_PAGE)
    order = [*first, *sorted(g for g in stats if g not in first)]
    for group in order:
        if group in stats:
            print(_boilerplate_row(group, stats[group]))
    for line in errors:
        print(line)


_OUTCOME = {(True, True): "tp", (True, False): "fn", (False, True): "fp", (False, False): "tn"}


def _boilerplate_row(group: str, st: Counter) -> str:
    tp, fp, fn = st["tp"], st["fp"], st["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return " | ".join(
        [
            group,
            str(st["content"]),
            str(st["boilerplate"]),
            f"{precision:.4f}",
            f"{recall:.4f}",
            f"{f1:.4f}",
            f"{st['deleted'] / max(st['content'], 1):.2%}",
        ]
    )


#: the dateline style of the Reuters-21578 stories, declared as a user declares a source
REUTERS_STYLE = str(Path(__file__).parent / "styles" / "reuters21578.yaml")


def _dateline_checks(linter: Linter, document: Document) -> set[str]:
    """What the dateline rules say of a document: "missing", "malformed", "date 2+" (two
    days or more off) and "date 1" (one day off)."""
    found = set()
    for f in linter.lint(document):
        rule = linter.by_id[f.rule]
        if rule.check == "date":
            found.add("date 2+" if rule.min_days >= 2 else "date 1")
        else:
            found.add(rule.check)
    return found


def _score_rows(title: str, stats: dict[str, Counter], show: list[str]) -> None:
    print(title)
    print("finding | labelled | found | precision | recall")
    print("--- | --- | --- | --- | ---")
    for name, st in stats.items():
        tp, fp, fn = st["tp"], st["fp"], st["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{name} | {tp + fn} | {tp + fp} | {precision:.4f} | {recall:.4f}")
    for line in show:
        print(line)


def datelines(path: str, show_errors: int, rule_files: list[str]) -> None:
    linter = linter_for("dateline", [REUTERS_STYLE, *rule_files])
    stats: dict[str, Counter] = {n: Counter() for n in ("missing", "malformed", "date 2+")}
    one_day: Counter = Counter()
    errors: list[str] = []
    for rec in records(path):
        metadata = {"source": rec.get("source"), "date": rec.get("metadata_date")}
        found = _dateline_checks(linter, Document(rec["text"], metadata=metadata))
        delta = rec.get("date_delta_days")
        truth = {
            "missing": not rec["has_dateline"],
            "malformed": rec["has_dateline"] and rec.get("dateline_form") != "standard",
            "date 2+": delta is not None and abs(delta) >= 2,
        }
        for name, labelled in truth.items():
            stats[name][_OUTCOME[labelled, name in found]] += 1
            if labelled != (name in found) and len(errors) < show_errors:
                kind = "MISS " if labelled else "FALSE"
                errors.append(f"{kind} {name}: {rec['text'][:100]!r}")
        one_day[_OUTCOME[delta is not None and abs(delta) == 1, "date 1" in found]] += 1
    stats["date 1 day off (info)"] = one_day
    _score_rows(f"datelines on {path} (document level)", stats, errors)


def metadata(path: str, show_errors: int, rule_files: list[str]) -> None:
    linter = linter_for("dateline", [REUTERS_STYLE, *rule_files])
    stats: dict[str, Counter] = {"date disagrees with the text": Counter()}
    errors: list[str] = []
    for rec in records(path):
        fields = rec.get("fields") or {}
        document = Document(rec["text"], metadata={"source": rec.get("source"), **fields})
        found = _dateline_checks(linter, document) & {"date 2+", "date 1"}
        labelled = (rec.get("consistent") or {}).get("date") is False
        stats["date disagrees with the text"][_OUTCOME[labelled, bool(found)]] += 1
        if labelled != bool(found) and len(errors) < show_errors:
            kind = "MISS " if labelled else "FALSE"
            errors.append(f"{kind} {fields.get('date')}: {rec['text'][:90]!r}")
    _score_rows(f"metadata dates on {path} (record level)", stats, errors)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("task", choices=["concat", "boilerplate", "datelines", "metadata"])
    parser.add_argument("path")
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N misses, false findings and clean-text findings",
    )
    parser.add_argument(
        "--rules", action="append", default=[], metavar="FILE", help="extra rule files"
    )
    args = parser.parse_args()
    if args.task == "concat":
        concat(args.path, args.show_errors)
    elif args.task == "boilerplate":
        boilerplate(args.path, args.show_errors, args.rules)
    elif args.task == "datelines":
        datelines(args.path, args.show_errors, args.rules)
    else:
        metadata(args.path, args.show_errors, args.rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
