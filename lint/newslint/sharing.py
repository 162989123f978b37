"""What the workers of a pool learn of tokens, shared between them.

The concatenation rules analyse each distinct token once and remember it
(:class:`newslint.joins.TokenJoins`, :func:`newslint.wrap.token_places`): a token's
candidates depend on the token alone, so what one worker found is what any other would
find. Without sharing, each worker analyses every token that reaches it for itself, so a
pool of N analyses a corpus's common vocabulary N times. With a :class:`Journal`, a worker
appends the tokens it analysed to a file of its own after each chunk, and reads what the
others appended before its next one. Sharing only saves work: a worker that cannot write
or read its journal (a full disk) goes on without it.

The journal is bounded: the workers of a pool give away :data:`MAX_SHARED` tokens in all
(each an equal share), then stop recording; so however many workers there are, each reads
and remembers at most that many of the others'. The tokens a corpus repeats come early in
a run; later new tokens are mostly one-offs (a join at a line end, a rare name) that no
other worker will meet.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from typing import BinaryIO

from newslint import joins, wrap

#: tokens the workers of a pool give away in all, at most (about 50 bytes each on disk):
#: as many as a worker's memory of tokens holds (newslint.joins.TokenJoins.limit)
MAX_SHARED = 500_000
_LENGTH = 8  # bytes of a frame's length, before the frame


class Journal:
    """This process's file in ``directory``, and what the other processes' files hold.

    Each file is a sequence of frames (a length, then the pickled tokens and what was found
    in them), each written whole by one process and read by the others as far as complete
    frames go.
    """

    def __init__(self, directory: str, workers: int = 2, name: str | None = None) -> None:
        self.directory = directory
        #: tokens this process gives away at most: its share of MAX_SHARED
        self.limit = MAX_SHARED // max(workers, 1)
        self.name = str(os.getpid()) if name is None else name
        self._own: BinaryIO | None = open(os.path.join(directory, self.name), "ab")  # noqa: SIM115
        self._peers: dict[str, tuple[BinaryIO, bytearray]] = {}
        self.shared = 0
        _record(True)

    def publish(self) -> None:
        """Append the tokens analysed here since the last call, up to the bound."""
        taken = joins.take_learned(), wrap.take_learned()
        count = sum(len(found) for memory in taken for _, found in memory)
        if not count or self._own is None:
            return
        frame = pickle.dumps(taken, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._own.write(len(frame).to_bytes(_LENGTH, "little") + frame)
            self._own.flush()
        except OSError:
            self.close()  # a frame cut short is never read whole, so never read
            return
        self.shared += count
        if self.shared >= self.limit:
            _record(False)

    def gather(self) -> None:
        """Learn what the other processes appended since the last call."""
        if self._own is None:
            return
        try:
            self._read()
        except OSError:
            self.close()

    def _read(self) -> None:
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if entry.name != self.name and entry.name not in self._peers:
                    self._peers[entry.name] = (open(entry.path, "rb"), bytearray())  # noqa: SIM115
        for stream, pending in self._peers.values():
            pending += stream.read()
            while len(pending) >= _LENGTH:
                size = int.from_bytes(pending[:_LENGTH], "little")
                if len(pending) < _LENGTH + size:
                    break  # the rest of the frame is still being written
                learned_joins, learned_places = pickle.loads(pending[_LENGTH : _LENGTH + size])
                joins.learn(learned_joins)
                wrap.learn(learned_places)
                del pending[: _LENGTH + size]

    def close(self) -> None:
        """Stop sharing: nothing more is recorded, written or read."""
        _record(False)
        if self._own is not None:
            with contextlib.suppress(OSError):
                self._own.close()
            self._own = None
        for stream, _ in self._peers.values():
            stream.close()
        self._peers.clear()


def _record(on: bool) -> None:
    joins.record_learning(on)
    wrap.record_learning(on)
