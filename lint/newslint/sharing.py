"""What the workers of a pool learn of tokens, shared between them.

The concatenation rules analyse each distinct token once and remember it
(:class:`newslint.joins.TokenJoins`, :func:`newslint.wrap.token_places`): a token's
candidates depend on the token alone, so what one worker found is what any other would
find. Without sharing, each worker analyses
every token that reaches it for itself, so a pool of N analyses a corpus's common
vocabulary N times. With a :class:`Journal`, a worker appends the tokens it analysed to a
file of its own after each chunk, and reads what the others appended before its next one.

The journal is bounded: a worker gives away at most :data:`MAX_SHARED` tokens, then stops
recording. The tokens a corpus repeats come early in a run; later new tokens are mostly
one-offs (a join at a line end, a rare name) that no other worker will meet.
"""

from __future__ import annotations

import os
import pickle
from typing import BinaryIO

from newslint import joins, wrap

#: tokens one worker gives away at most (about 60 bytes each on disk)
MAX_SHARED = 250_000
_LENGTH = 8  # bytes of a frame's length, before the frame


class Journal:
    """This process's file in ``directory``, and what the other processes' files hold.

    Each file is a sequence of frames (a length, then the pickled tokens and what was found
    in them), each written whole by one process and read by the others as far as complete
    frames go.
    """

    def __init__(self, directory: str, name: str | None = None) -> None:
        self.directory = directory
        self.name = str(os.getpid()) if name is None else name
        self._own = open(os.path.join(directory, self.name), "ab")  # noqa: SIM115 - kept open
        self._peers: dict[str, tuple[BinaryIO, bytearray]] = {}
        self.shared = 0
        _record(True)

    def publish(self) -> None:
        """Append the tokens analysed here since the last call, up to the bound."""
        taken = joins.take_learned(), wrap.take_learned()
        count = sum(len(found) for memory in taken for _, found in memory)
        if not count:
            return
        frame = pickle.dumps(taken, protocol=pickle.HIGHEST_PROTOCOL)
        self._own.write(len(frame).to_bytes(_LENGTH, "little") + frame)
        self._own.flush()
        self.shared += count
        if self.shared >= MAX_SHARED:
            _record(False)

    def gather(self) -> None:
        """Learn what the other processes appended since the last call."""
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
        _record(False)
        self._own.close()
        for stream, _ in self._peers.values():
            stream.close()


def _record(on: bool) -> None:
    joins.record_learning(on)
    wrap.record_learning(on)
