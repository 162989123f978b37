"""The per-document time limit: a document whose checks run past it is cut short.

Python cannot stop a running regular expression from another thread, and a pathological
document (a megabyte-long line, a run of blank lines a pattern backtracks over) can keep
one rule busy for minutes. Two mechanisms bound the time, the first where it works:

- In the main thread of a POSIX process (the CLI, a process pool's worker, a Spark Python
  worker), a ``SIGALRM`` timer interrupts the checks at the deadline wherever they are:
  both ``re`` and ``regex`` look for signals while they match (measured: a catastrophic
  pattern stops within a millisecond of its deadline), and Python code between bytecodes.
  Arming and disarming the timer is two system calls per document.
- Elsewhere (another thread, Windows, a program that uses ``SIGALRM`` itself or has its
  own timer running), the engine checks the deadline between rule kinds: no kind starts
  after it, but one that is running is not stopped.

The alarm rings once per document, so that a second :class:`Expired` can never strike
the engine's own clean-up and escape it. The price: a ring that lands in code which
swallows exceptions (a ``gc.callbacks`` function, a ``__del__`` method: Python prints
"Exception ignored in …") is lost, and the kind then running is not stopped; the deadline
still stops the kinds after it.

The ``SIGALRM`` handler is installed at the first document checked in the main thread,
unless the program has one of its own, and stays (it does nothing while no document is
being checked): putting the previous one back after each document could lose a signal that
arrives in between to the default action, which ends the process. A program that installs
a ``SIGALRM`` handler after that should make its linters with ``timeout=0``, or its handler
gets newslint's signal when a document runs out of time.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType

#: seconds a document may take by default; 0 means no limit
DEFAULT_TIMEOUT = 10.0


class Expired(BaseException):
    """Raised inside a document's checks when its time is up.

    A BaseException, as KeyboardInterrupt is, so that no ``except Exception`` in a rule
    kind can swallow it.
    """


class Alarm:
    """A ``SIGALRM`` timer that raises :class:`Expired` in the checks of one document.

    :meth:`arm` and :meth:`disarm` rather than a context manager: they are on the path of
    every document, and together cost about three microseconds.
    """

    def __init__(self) -> None:
        self._armed = False
        #: whether the handler is installed (None: not yet tried)
        self._installed: bool | None = None

    def arm(self, deadline: float) -> bool:
        """Raise :class:`Expired` in the main thread at ``deadline`` (``time.monotonic``),
        if a signal can; whether it can (if not, the caller checks the deadline itself)."""
        if threading.get_ident() != threading.main_thread().ident:
            return False  # signals are set and delivered in the main thread only
        if self._installed is None:
            self._installed = self._install()
        if not self._installed:
            return False
        self._armed = True
        # setitimer(0) would disarm: a deadline already past rings at once instead.
        previous = signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-6))
        if previous[0]:  # a timer of the program's own was running: put it back
            self._armed = False
            signal.setitimer(signal.ITIMER_REAL, *previous)
            return False
        return True

    def _install(self) -> bool:
        """Install the handler, once: looking at the installed one costs microseconds a
        document (``signal.getsignal``), as much as arming and disarming the timer."""
        if not hasattr(signal, "setitimer"):
            return False
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN):
            return False  # the program handles SIGALRM itself
        signal.signal(signal.SIGALRM, self._ring)
        return True

    def disarm(self) -> None:
        """Stop the timer (a signal already on its way finds the alarm unarmed)."""
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)

    def _ring(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            raise Expired


#: the one alarm of the process (there is one SIGALRM timer per process)
ALARM = Alarm()
