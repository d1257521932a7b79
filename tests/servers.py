"""Waiting for a server a test started (`milex serve`, `make run`) to answer: one home for it.

The server is another process, so the test polls its URL until the first answer, bounded by a
deadline and ended at once if the process dies. What the test then asserts never depends on
how long that took: the pause between polls only keeps the loop from spinning."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Callable

POLL_SECONDS = 0.2


def wait_for_answer(
    url: str, process: subprocess.Popen[bytes], what: str, timeout: float = 60.0
) -> tuple[int, bytes]:
    """The first answer of ``url`` (status, body); RuntimeError naming ``what`` if the
    process exits first or nothing answers within ``timeout`` seconds."""
    answers: list[tuple[int, bytes]] = []

    def answered() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                answers.append((answer.status, answer.read()))
                return True
        except OSError:
            code = process.poll()
            if code is not None:  # the caller's own clean-up reads the process's output
                raise RuntimeError(
                    f"{what} did not answer on {url} (it exited with {code})"
                ) from None
            return False

    wait_for(answered, f"{what} did not answer on {url}", timeout)
    return answers[0]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Poll ``condition`` until it holds; RuntimeError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"not within {timeout:g} s: {what}")
        time.sleep(POLL_SECONDS)
