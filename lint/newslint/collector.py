"""Python's cyclic garbage collector in a batch run.

Checking a document allocates thousands of short-lived objects (tokens, matches,
findings), and reference counting frees nearly all of them. By default the collector runs
after every 700 net allocations, so a run of ``newslint check`` starts it thousands of
times for next to nothing, and each full collection walks every object the run holds:
compiled rules, word lists, the memory of tokens. On corpus-dev's texts with the default
rules that was 5% of a single process's CPU; raising the first threshold to
:data:`YOUNG_THRESHOLD` saves most of it, with the same peak memory.

A forked worker of :mod:`newslint.runner` starts with the run's objects as a copy-on-write
image of the main process. A collection that walked them would write to their headers and
so copy the pages they sit on into each worker; :func:`settle_worker` moves them out of the
collector's sight first (:func:`gc.freeze`, which only relinks the generations' lists).

Only the command line does this, never the library: a pipeline that calls
:func:`newslint.lint_text` keeps its own collector settings.
"""

from __future__ import annotations

import gc

#: allocations (net of deallocations) between collections of the youngest generation:
#: 700 by default; 20,000 measured fastest among 5,000 to 100,000 on corpus-dev
YOUNG_THRESHOLD = 20_000


def batch() -> None:
    """Collect the youngest generation less often, for a run over many documents."""
    gc.set_threshold(YOUNG_THRESHOLD)


def settle_worker() -> None:
    """In a worker process, once its linter is ready: what it holds now (inherited from
    the parent or built here) is never collected, and the collector runs as in
    :func:`batch`."""
    gc.freeze()
    batch()
