"""Shared metrics for ``serve --workers N``: the directory every worker writes its metrics to.

prometheus-client's multiprocess mode keeps each process's values in files under
``PROMETHEUS_MULTIPROC_DIR``, and sums them all on a scrape. The serving command sets that
variable before any worker starts (a temporary directory, removed at exit, unless the operator
chose one), and while it runs tells prometheus-client about each worker that has died, so that
its gauges (cache bytes and entries, breaker state) stop counting; its counters are kept.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

logger = logging.getLogger("gateway")

MULTIPROC_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
REAP_INTERVAL: Final = 1.0
# prometheus-client names a process's live-gauge files after it: gauge_livesum_<pid>.db.
_LIVE_GAUGE: Final = re.compile(r"gauge_live[a-z]+_(\d+)\.db")


@contextmanager
def shared_metrics(workers: int) -> Iterator[str | None]:
    """Set up multiprocess metrics for ``workers`` processes; yields the directory, if any.

    Must run before ``prometheus_client`` is first imported in this process and before the
    workers start: the library picks its storage at import time.
    """
    path = os.environ.get(MULTIPROC_DIR_ENV) or None
    made = False
    if path is None and workers > 1:
        path = tempfile.mkdtemp(prefix="tmdbfusion-metrics-")
        os.environ[MULTIPROC_DIR_ENV] = path
        made = True
    if path is None:
        yield None
        return
    Path(path).mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    reaper = threading.Thread(target=_reap, args=(path, stop), name="metrics-reaper", daemon=True)
    reaper.start()
    try:
        yield path
    finally:
        stop.set()
        reaper.join()
        forget_dead_workers(path)
        if made:
            shutil.rmtree(path, ignore_errors=True)
            del os.environ[MULTIPROC_DIR_ENV]


def _reap(path: str, stop: threading.Event) -> None:
    while not stop.wait(REAP_INTERVAL):
        forget_dead_workers(path)


def forget_dead_workers(path: str) -> list[int]:
    """Call ``mark_process_dead`` for every process with live gauges that no longer runs."""
    from prometheus_client.multiprocess import mark_process_dead

    dead = []
    for pid in sorted({int(m[1]) for f in os.listdir(path) if (m := _LIVE_GAUGE.fullmatch(f))}):
        if not _running(pid):
            mark_process_dead(pid, path)  # type: ignore[no-untyped-call]
            dead.append(pid)
    if dead:
        logger.info("Metrics: forgot the live gauges of exited worker(s) %s", dead)
    return dead


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as someone else's process
        return True
    return True
