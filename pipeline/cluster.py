"""Where render jobs run: Dask distributed, or threads of this process.

``runner(address, workers)`` gives one of:

- ``Dask``, the default: an embedded ``LocalCluster`` of ``workers`` worker
  processes (one thread each), started when the first job is submitted, so a
  build with nothing to render starts no cluster; or, given an address
  (``--scheduler tcp://HOST:8786`` or ``$TENSOR_HERO_SCHEDULER``), the
  cluster Dask's own ``dask scheduler`` and ``dask worker`` run. A job whose
  worker dies is run again on another (the scheduler does it: up to
  ``ALLOWED_FAILURES`` deaths per job); a job that fails is reported, not
  retried.
- ``Threads`` (``--scheduler local``): ``workers`` threads of the build, no
  Dask at all.

Either way a job is ``pipeline.jobs.run`` on a ``pipeline.jobs.Job``, and its
result a ``pipeline.jobs.Done``; the build checks what it left.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import uuid
from concurrent.futures import Future
from typing import Any

from pipeline import jobs
from pipeline.config import Fail, build_dir

ENV = "TENSOR_HERO_SCHEDULER"  # a Dask scheduler's address, or "local"
LOCAL = "local"  # no Dask: threads of the build process
ALLOWED_FAILURES = 3  # worker deaths a job survives (Dask's own setting)
CONNECT_SECONDS = 20
# An embedded cluster's workers share this machine's cores with the renders
# they wait on: they need no statistical profiler (it sampled each running
# job's thread 100 times a second), nor a tick or system monitor several times
# a second. Idle beside a 20 s job, a worker took 2.0 CPU-s with Dask's
# defaults and 0.85 with these; on 2 cores every CPU-second is the renders'.
QUIET = {"distributed.worker.profile.enabled": False,
         "distributed.admin.tick.interval": "1s",
         "distributed.admin.system-monitor.interval": "2s"}


class Threads:
    """Jobs in ``workers`` threads of this process, highest ``priority`` first
    (ties in the order submitted), as a Dask scheduler hands them out."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._queue: list = []  # heap of (-priority, n, job, future)
        self._count = itertools.count()
        self._ready = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"job-{n}")
                         for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: jobs.Job, priority: float = 0) -> Future:
        future: Future = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the runner is closed")
            heapq.heappush(self._queue, (-priority, next(self._count), job, future))
            self._ready.notify()
        return future

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                _, _, job, future = heapq.heappop(self._queue)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(jobs.run(job))
            except BaseException as exc:  # noqa: BLE001 - the waiter re-raises it
                future.set_exception(exc)

    def start(self) -> None:
        """Nothing to start: the threads are there (``Dask.start``)."""

    def close(self) -> None:
        """Cancel what has not started; running jobs finish (their threads end)."""
        with self._ready:
            self._closed = True
            for _, _, _, future in self._queue:
                future.cancel()
            self._queue.clear()
            self._ready.notify_all()

    def describe(self) -> str:
        return f"{self.workers} thread(s) of this process"


class Dask:
    """Jobs on a Dask cluster: an embedded LocalCluster, or one at ``address``."""

    def __init__(self, address: str | None, workers: int) -> None:
        self.address = address
        self.wanted = workers
        self._client = None
        self._cluster = None
        self._error: Exception | None = None
        self._lock = threading.Lock()

    @property
    def client(self):
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._client is None:
                try:
                    self._client = self._connect()
                except Exception as exc:
                    self._error = exc  # raised to every caller, tried once
                    raise
            return self._client

    def start(self) -> None:
        """Start the embedded cluster (or connect) in the background, while the
        build does its own work; the first job waits for it. A failure to
        connect is raised where the first job is submitted."""
        threading.Thread(target=self._warm, name="dask-start", daemon=True).start()

    def _warm(self) -> None:
        try:
            self.client
        except Exception:  # noqa: BLE001 - kept in _error, raised at submit
            pass

    def _connect(self):
        import dask
        from distributed import Client, LocalCluster

        dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                         "distributed.worker.daemon": False})
        if self.address is None:
            dask.config.set(QUIET)
            self._cluster = LocalCluster(
                n_workers=self.wanted, threads_per_worker=1, processes=True,
                dashboard_address=None, memory_limit=0, silence_logs=logging.ERROR,
                local_directory=str(build_dir() / "dask"))
            return Client(self._cluster, set_as_default=False)
        try:
            return Client(self.address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise Fail(f"no Dask scheduler at {self.address} ({exc}); start one with "
                       "`dask scheduler` and workers with `dask worker ADDRESS`, or "
                       "drop --scheduler to render here") from None

    @property
    def workers(self) -> int:
        if self.address is None:
            return self.wanted
        return max(1, len(self.client.scheduler_info()["workers"]))

    def submit(self, job: jobs.Job, priority: float = 0) -> Any:
        # One task group ("render", by the key's first part) for every job, so
        # the scheduler queues them and hands the next, by ``priority``, to
        # whichever worker frees first (Dask's queuing of root-ish tasks);
        # a key per job would be a group each, all assigned at submission.
        key = ("render", job.name, uuid.uuid4().hex[:8])
        return self.client.submit(jobs.run, job, key=key, priority=priority, pure=False)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None

    def describe(self) -> str:
        where = self.address or "an embedded LocalCluster"
        return f"Dask, {where}"


class InTurn:
    """``runner``, handed each scene's jobs in rank order.

    One thread per scene submits that scene's jobs, and a scheduler starts
    whatever reaches an idle worker first: priority orders only what waits.
    So a scene's first job waits here until every scene ranked before it
    (``order``, by chapter id) has handed over its first job or ended
    (``ended``). Everything else is ``runner``'s.
    """

    def __init__(self, runner: Threads | Dask, order: list[str]) -> None:
        self.runner = runner
        self._waiting = list(order)
        self._turn = threading.Condition()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.runner, name)

    def ended(self, chapter_id: str) -> None:
        """``chapter_id`` will submit nothing more: the next may go."""
        with self._turn:
            if chapter_id in self._waiting:
                self._waiting.remove(chapter_id)
                self._turn.notify_all()

    def submit(self, job: jobs.Job, priority: float = 0) -> Any:
        with self._turn:
            if job.id in self._waiting:
                self._turn.wait_for(lambda: self._waiting[0] == job.id)
            future = self.runner.submit(job, priority)
            if job.id in self._waiting:
                self._waiting.remove(job.id)
                self._turn.notify_all()
        return future


def runner(address: str | None, workers: int) -> Threads | Dask:
    """The runner ``address`` names (default ``$TENSOR_HERO_SCHEDULER``, else an
    embedded LocalCluster of ``workers`` processes)."""
    address = address or os.environ.get(ENV) or None
    if address == LOCAL:
        return Threads(workers)
    if address is not None and "://" not in address:
        raise Fail(f"--scheduler {address}: not a Dask address; give one like "
                   "tcp://HOST:8786, or `local` to render without Dask")
    return Dask(address, workers)
