"""The worker processes of the batch API: parallel parsing that survives crashes and hangs.

``concurrent.futures`` cannot stop a call that never returns, so :func:`newsparse.batch.parse_many`
keeps its own small pool. Each worker takes one task (a few inputs) at a time through a pipe
and sends one message back per input, so the parent always knows which input each worker is
on and since when:

- a worker that is still on one input ``timeout`` (plus a second's grace) after it started
  is killed, reaped and replaced; that input fails with :class:`~newsparse.errors.TimeLimitError`
  and the rest of its task goes on in another worker. (Workers also time each input with
  :mod:`newsparse.timelimit` themselves, which stops Python code without losing the process;
  the kill is for what that cannot stop.)
- a worker that dies (a crash in C code, the system killing it for memory) costs only the
  input it was on. That input is run once more, alone, in another worker, since the memory
  killer may have picked an innocent process, and fails with a "worker died" error if it
  kills that one too; the rest of the task goes on.

Results come out in input order, or as they are ready with ``ordered=False``. At most
``window`` inputs are read ahead of the last one handed out, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
import warnings
from collections import deque
from collections.abc import Iterator
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any

import attrs

from newsparse import registry
from newsparse.errors import NewsparseError
from newsparse.input_types import Input
from newsparse.item import Options, Result, Worker, crashed, run_timed, timed_out
from newsparse.registry import PluginWarning

__all__ = ["Pool"]

#: Seconds a worker may overrun the time limit before it is killed (its own alarm normally
#: ends the page at the limit; this is for a page stuck in C code).
KILL_GRACE = 1.0
#: Seconds a new worker may take to start (import newsparse and the plugins) before its
#: first input's clock starts.
START_ALLOWANCE = 60.0
#: Seconds an idle worker gets to exit when the pool closes, before it is killed.
EXIT_WAIT = 2.0


def _serve(conn: Connection, work: Worker) -> None:
    """A worker process: tasks in, one message per input out, until told to stop."""
    # Ctrl-C reaches the whole process group; stopping the run is the parent's job.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Load the plugins before saying ready, so that a time limit never interrupts an import.
    # The parent has reported broken ones already; every worker repeating it would be noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        registry.extractors()
    try:
        conn.send(("ready", os.getpid()))
        while (message := conn.recv()) is not None:
            items, options = message
            for item in items:
                conn.send_bytes(_pickled(run_timed(item, options, work), item))
    except (EOFError, OSError):  # the parent has gone away
        return


def _pickled(results: list[Result], item: Input) -> memoryview:
    """The message for one input's results (what ``conn.recv`` reads), or for one error
    result if they cannot be pickled: a plugin's own error type holding something pickle
    cannot copy must fail its page, not kill the worker."""
    try:
        return ForkingPickler.dumps(("done", results))
    except Exception as exc:
        error = NewsparseError(
            f"the result could not be sent from the worker process: {type(exc).__name__}: {exc}",
            source=item.source,
        )
        result = Result(source=item.source, url=getattr(item, "url", None), error=error)
        return ForkingPickler.dumps(("done", [result]))


@attrs.define(eq=False)
class _Task:
    """Inputs for one worker, each with its place in the output order."""

    items: list[tuple[int, Input]]
    retry: bool = False  # a re-run, alone, of an input whose worker died


@attrs.define(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task | None = None
    position: int = 0  # index in task.items of the input being parsed
    since: float = 0.0  # when that input was started (as far as the parent can tell)


class Pool:
    """``size`` worker processes running ``work`` on inputs, with crash and hang recovery.

    Use :meth:`results` once, and :meth:`close` in a ``finally``.
    """

    def __init__(self, size: int, work: Worker, options: Options) -> None:
        self.size = size
        self.work = work
        self.options = options
        self.timeout = options.timeout
        # fork would copy the parent's locks and threads mid-state; forkserver forks from a
        # clean single-threaded server, spawn starts fresh interpreters.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self.context: Any = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []
        self.queue: deque[_Task] = deque()

    # --- the run --------------------------------------------------------------------------

    def results(
        self, inputs: Iterator[Input], *, ordered: bool, chunksize: int, window: int
    ) -> Iterator[Result]:
        """Parse every input; yield its results in input order unless ``ordered`` is false."""
        finished: dict[int, list[Result]] = {}
        taken = 0  # inputs read so far, also the next input's number
        handed = 0  # inputs whose results were yielded (in order: all below this number)
        exhausted = False
        while True:
            while not exhausted and taken - handed < window:
                chunk = list(islice(inputs, chunksize))
                if not chunk:
                    exhausted = True
                    break
                self.queue.append(_Task([(taken + i, item) for i, item in enumerate(chunk)]))
                taken += len(chunk)
            self._hand_out()
            busy = [worker for worker in self.workers if worker.task is not None]
            if not busy:
                if exhausted and not self.queue:
                    return
                continue
            for number, results in self._events(busy):
                if ordered:
                    finished[number] = results
                else:
                    handed += 1
                    yield from results
            while handed in finished:
                yield from finished.pop(handed)
                handed += 1

    def _hand_out(self) -> None:
        """Give a task to every idle worker while there are tasks; start workers (up to
        ``size``) only for tasks no idle worker can take."""
        for worker in self.workers:
            if not self.queue:
                return
            if worker.task is None:
                self._give(worker, self.queue.popleft())
        while self.queue and len(self.workers) < self.size:
            worker = self._start()
            self.workers.append(worker)
            self._give(worker, self.queue.popleft())

    def _give(self, worker: _Worker, task: _Task) -> None:
        worker.task, worker.position, worker.since = task, 0, time.monotonic()
        # If it died while idle the send fails; _events then finds the process gone.
        with contextlib.suppress(OSError):
            worker.conn.send(([item for _n, item in task.items], self.options))

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_serve, args=(child, self.work), name="newsparse-worker", daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _events(self, busy: list[_Worker]) -> Iterator[tuple[int, list[Result]]]:
        """Wait for a message, a death or the nearest deadline; yield (number, results) of the
        inputs that were settled, and put unfinished work of lost workers back in the queue."""
        timeout = None
        if self.timeout is not None:
            timeout = max(0.0, min(self._deadline(w) for w in busy) - time.monotonic())
        # One wait and one message a turn: polling each pipe and process costs a system call
        # (and a selector) each, which would be most of the parent's work per page.
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=timeout))
        for worker in busy:
            ended = worker.process.sentinel in ready
            if ended or worker.conn in ready:
                yield from self._receive(worker, drain=ended)
            task = worker.task
            if task is None:
                if ended:  # it died between two tasks
                    self._retire(worker, kill=False)
                continue
            number, item = task.items[worker.position]
            if ended:
                self._retire(worker, kill=False)
                self._requeue(task.items[worker.position + 1 :])
                if task.retry:
                    yield number, [crashed(item)]
                else:
                    self.queue.appendleft(_Task([(number, item)], retry=True))
            elif self.timeout is not None and time.monotonic() >= self._deadline(worker):
                self._retire(worker, kill=True)
                self._requeue(task.items[worker.position + 1 :])
                yield number, [timed_out(item, self.timeout)]

    def _receive(self, worker: _Worker, *, drain: bool) -> Iterator[tuple[int, list[Result]]]:
        """The next message of the worker, or (``drain``, when it has ended) all it sent."""
        try:
            while worker.task is not None:
                kind, payload = worker.conn.recv()
                now = time.monotonic()
                if kind == "ready":
                    worker.ready, worker.since = True, now
                else:
                    number, _item = worker.task.items[worker.position]
                    yield number, payload
                    worker.position += 1
                    worker.since = now
                    if worker.position == len(worker.task.items):
                        worker.task = None
                if not (drain and worker.conn.poll()):
                    return
        except (EOFError, OSError):  # it died mid-message; the caller sees the process gone
            return

    def _deadline(self, worker: _Worker) -> float:
        assert self.timeout is not None
        allowance = 0.0 if worker.ready else START_ALLOWANCE
        return worker.since + self.timeout + KILL_GRACE + allowance

    def _requeue(self, items: list[tuple[int, Input]]) -> None:
        if items:
            self.queue.appendleft(_Task(items))

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        """Stop the worker (if ``kill``), wait for its end so it leaves no zombie, forget it."""
        if kill:
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        worker.process.close()
        self.workers.remove(worker)

    # --- shutting down ----------------------------------------------------------------------

    def close(self) -> None:
        """End every worker: idle ones are asked to exit, busy ones (the caller stopped
        reading early) are killed; all are waited for."""
        for worker in self.workers:
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.kill()
        deadline = time.monotonic() + EXIT_WAIT
        for worker in list(self.workers):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
            self._retire(worker, kill=False)
        self.queue.clear()
