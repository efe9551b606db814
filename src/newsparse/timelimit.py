"""A time limit for one call in this process, kept by a real-time interval timer (SIGALRM).

The batch API runs each page under :func:`call_with_time_limit`. When the time is up, the
alarm raises :class:`Expired` inside whatever Python code is running. ``Expired`` derives
from ``BaseException`` so that a plugin's ``except Exception`` cannot swallow it, and the
timer fires again every :data:`REPEAT` seconds until the call has ended, in case plugin code
swallows even that.

What the mechanism cannot do (docs/robustness.md, "Time limit"):

- only the main thread of a POSIX process receives signals; :func:`available` says whether
  the calling thread can be timed this way;
- Python runs signal handlers between bytecodes, so one long call into C code (libxml2
  parsing a huge page) completes before the alarm interrupts the page. The worker processes
  of the batch API add a hard stop for that case: the parent kills a worker that overruns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

__all__ = ["REPEAT", "Expired", "available", "call_with_time_limit"]

T = TypeVar("T")

#: Seconds between repeated alarms once the limit has passed and the call still runs.
REPEAT = 0.1
#: Delay for re-arming a caller's own timer whose time ran out while ours was set.
_AT_ONCE = 0.001


class Expired(BaseException):
    """Raised inside the timed call when its time is up."""


class _Alarm:
    """The SIGALRM handler of one timed call; inert once the call is over."""

    def __init__(self) -> None:
        self.live = True

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.live:
            raise Expired


def available() -> bool:
    """True when the calling thread can be timed: POSIX ``setitimer``, the main thread, and
    a SIGALRM handler that Python can put back afterwards (not one installed from C)."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) is not None
    )


def call_with_time_limit(call: Callable[[], T], seconds: float) -> T:
    """Return ``call()``, or raise :class:`Expired` once it has run for ``seconds``.

    Afterwards the caller's SIGALRM handler is back in place and a real-time timer of the
    caller's own is re-armed with the time it had left (to fire at once if that ran out in
    the meantime). Only call this where :func:`available` is true.
    """
    if seconds <= 0:
        raise ValueError(f"seconds must be positive, got {seconds}")
    # Pause the caller's timer first, so that no alarm of theirs reaches our handler.
    outer = signal.setitimer(signal.ITIMER_REAL, 0)
    previous = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    alarm = _Alarm()
    try:
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
        return call()
    finally:
        # Inert first: an alarm already pending must not raise while the rest runs (this
        # statement makes no call, so no signal handler can run before it).
        alarm.live = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _resume(outer, time.monotonic() - started)


def _resume(timer: tuple[float, float], elapsed: float) -> None:
    delay, interval = timer
    if delay > 0:
        signal.setitimer(signal.ITIMER_REAL, max(delay - elapsed, _AT_ONCE), interval)
