"""Promises the repository makes about itself."""

from __future__ import annotations

import io
import os
import re

import pytest
from conftest import ROOT

from newslint.progress import Progress


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    (command,) = [b for b in blocks if "pytest" in b]
    return command.strip()


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == readme_test_command()


def test_readme_run_command_checks_the_seeds():
    readme = (ROOT / "README.md").read_text()
    assert "newslint check seeds/" in readme


def test_no_text_file_keeps_merge_conflict_markers():
    # Three merges once left their markers in the README for a whole session.
    marker = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.M)
    for path in [ROOT / "README.md", *ROOT.glob("rules/*.yaml"), *ROOT.glob("lint/**/*.py")]:
        assert not marker.search(path.read_text(encoding="utf-8")), path


def test_progress_draws_only_when_enabled():
    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream, interval=0)
    progress.update(1, 2)
    progress.update(1, 0)
    progress.close()
    assert "2 documents" in stream.getvalue() and "2 findings" in stream.getvalue()
    quiet = io.StringIO()
    silent = Progress(enabled=None, stream=quiet, interval=0)  # StringIO is not a terminal
    silent.update(5, 5)
    assert quiet.getvalue() == "" and silent.documents == 5


def test_progress_can_count_documents_only():
    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream, interval=0, counted=None)
    progress.update()
    assert "1 document," in stream.getvalue() and "findings" not in stream.getvalue()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_fits_a_narrow_terminal():
    # A line that wraps is redrawn only in its last row, leaving the others behind.
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 30, 0, 0))
    with open(slave, "w", encoding="utf-8") as terminal:
        progress = Progress(enabled=True, stream=terminal, interval=0)
        progress.update(123_456, 7_890)
        progress.close()
    drawn = os.read(master, 4096).decode()
    os.close(master)
    assert "123,456" in drawn
    assert max(len(part) for part in drawn.split("\r")) <= 29
