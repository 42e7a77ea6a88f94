"""Where the reports of a batch run: a pool of local worker processes (one
per core by default), or a Dask distributed cluster.

Each report is one call of :func:`ocoplib.batch.worker.run_job`, which returns a
plain dict and never raises for a failed report. The local pool also
survives what a report cannot report itself: a worker process that dies is
replaced and only its report fails; a report that overruns its time is
stopped with its kernel and fails alone.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from ocoplib.base.i18n import gettext as _
from ocoplib.batch.worker import failure, run_job, warm_kernel
from ocoplib.runs.run import Failure

#: A worker process is replaced after this many reports, to bound its memory.
JOBS_PER_WORKER = 50
#: Seconds granted beyond a report's timeout for rendering and clean-up.
GRACE = 120

Started = Callable[[dict], None]
Finished = Callable[[dict, dict], None]
Tick = Callable[[], None]


def _worker(conn, stderr: str) -> None:
    """A worker process: run the tasks it receives until it receives None.
    What the worker and its kernels print goes to ``stderr`` (the batch's
    ``--log`` file, else nowhere), not between the lines of the batch log."""
    fd = os.open(stderr, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(fd, 2)
    os.close(fd)

    try:
        while True:
            task = conn.recv()
            if task is None:
                break
            conn.send(run_job(task))
    finally:
        warm_kernel().discard()


@dataclass
class _Slot:
    process: mp.Process
    conn: object
    task: dict | None = None
    started: float = 0.0
    jobs: int = 0
    extra: list = field(default_factory=list)


class LocalPool:
    """Worker processes on this machine, each running one report at a time."""

    def __init__(self, workers: int, timeout: float | None = None, stderr: Path | None = None):
        self.workers = max(1, workers)
        self.stderr = str(stderr or os.devnull)
        self.limit = None if timeout is None else timeout + GRACE
        self.context = mp.get_context("spawn")

    def _spawn(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker, args=(child, self.stderr), name="ocop-worker"
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def run(self, tasks: list[dict], started: Started, finished: Finished, tick: Tick) -> None:
        queue = list(tasks)
        slots = [self._spawn() for _ in range(min(self.workers, len(queue)))]
        try:
            while queue or any(s.task for s in slots):
                for slot in slots:
                    if slot.task is None and queue:
                        slot.task, slot.started = queue.pop(0), time.monotonic()
                        slot.conn.send(slot.task)
                        started(slot.task)
                busy = [s for s in slots if s.task is not None]
                ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], 0.5)
                for i, slot in enumerate(slots):
                    if slot.task is None:
                        continue
                    task, seconds = slot.task, time.monotonic() - slot.started
                    if slot.conn in ready:
                        try:
                            result = slot.conn.recv()
                        except (EOFError, OSError):
                            result = None
                        if result is not None:
                            slot.task, slot.jobs = None, slot.jobs + 1
                            finished(task, result)
                            if slot.jobs >= JOBS_PER_WORKER and queue:
                                self._stop(slot)
                                slots[i] = self._spawn()
                            continue
                    if not slot.process.is_alive() or slot.conn in ready:
                        code = slot.process.exitcode
                        slots[i] = self._replace(slot)
                        finished(
                            task,
                            failure(
                                task,
                                _("the worker process died (exit code {code})").format(code=code),
                                Failure.KERNEL,
                            ),
                        )
                    elif self.limit is not None and seconds > self.limit:
                        slots[i] = self._replace(slot)
                        finished(
                            task,
                            failure(
                                task,
                                _("stopped after {seconds:.0f} s (timeout)").format(
                                    seconds=seconds
                                ),
                                Failure.TIMEOUT,
                                seconds,
                            ),
                        )
                tick()
        finally:
            for slot in slots:
                if slot.task is not None:
                    _kill_tree(slot.process.pid)
                self._stop(slot)

    def _replace(self, slot: _Slot) -> _Slot:
        _kill_tree(slot.process.pid)
        slot.process.join(5)
        return self._spawn()

    @staticmethod
    def _stop(slot: _Slot) -> None:
        try:
            slot.conn.send(None)
        except (OSError, ValueError):
            pass
        slot.process.join(10)
        if slot.process.is_alive():
            _kill_tree(slot.process.pid)
            slot.process.join(5)
        slot.conn.close()


def _kill_tree(pid: int) -> None:
    """Stop a worker process and what it started (its kernel runs in a session of its own)."""
    import psutil

    try:
        root = psutil.Process(pid)
        family = root.children(recursive=True) + [root]
    except psutil.NoSuchProcess:
        return
    for proc in family:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=5)


class DaskPool:
    """The reports as tasks of an existing Dask distributed cluster.

    Workers need ocoplib installed (the same requirements.lock) and the data
    and output folders at the same paths; the checked workbook itself is sent
    to them once, with the tasks."""

    def __init__(self, address, timeout: float | None = None):
        self.address = address
        self.timeout = timeout

    def run(
        self,
        tasks: list[dict],
        workbook: bytes,
        started: Started,
        finished: Finished,
        tick: Tick,
    ) -> None:
        from distributed import Client, as_completed

        with Client(self.address, timeout="30s") as client:
            data = client.scatter(workbook, broadcast=True)
            futures = {}
            for task in tasks:
                future = client.submit(run_job, task, data, pure=False, retries=0)
                futures[future] = task
                started(task)
            pending = as_completed(list(futures))
            for future in pending:
                task = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker that died, a lost connection
                    why = _("the Dask task failed: {error}").format(
                        error=f"{type(exc).__name__}: {exc}"
                    )
                    result = failure(task, why, Failure.KERNEL)
                finished(task, result)
                tick()
