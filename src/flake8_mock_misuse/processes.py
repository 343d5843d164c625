"""How our own commands (``check``, ``audit``) end: worker pools that never outlive them, and a clean word and
exit status for the ways a command-line run is cut short.

Exit statuses besides each command's own (0 done, 1 findings or a failed gate, 2 bad options, paths or
settings, 3 nothing to audit), as a shell reports a process ended by the signal:

- 130: interrupted (Ctrl-C, SIGINT);
- 141: the output was closed before the report was written (``audit | head``: a broken pipe, SIGPIPE);
- 143: terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

INTERRUPTED = 130
BROKEN_PIPE = 141
TERMINATED = 143


class Terminated(Exception):
    """SIGTERM reached the main process."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise Terminated


def _worker_start() -> None:
    """In each worker: Ctrl-C reaches every process of the terminal's group, but only the main process answers
    it (it stops the workers); SIGTERM, from the main process stopping a worker, ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def worker_pool(jobs: int, mp_context: Any = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers are stopped, not waited for, when the main process is interrupted or
    terminated (or anything else escapes): no worker outlives the command."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context, initializer=_worker_start)
    try:
        yield pool
    except BaseException:
        # Not public, either of them: without them, shutdown alone. The pool's own thread must be done before the
        # interpreter exits, or its exit hook wakes it through a pipe it is closing ("Bad file descriptor").
        workers = list(getattr(pool, "_processes", None) or {}.values())
        manager = getattr(pool, "_executor_manager_thread", None)
        for process in workers:
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        with contextlib.suppress(Exception):
            if manager is not None:
                manager.join(10)  # it sees its workers gone, and ends
        for process in workers:
            with contextlib.suppress(Exception):
                process.join(5)
        raise
    pool.shutdown(wait=True)


def _tolerant(stream: Any) -> None:
    """Characters the terminal's encoding cannot show are written as escapes, not an error."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(Exception):
            reconfigure(errors="backslashreplace")


def run_command(command: Callable[[], int], prog: str) -> int:
    """Run a command-line command; interruptions, SIGTERM and a closed output become a one-line message on
    stderr and the exit statuses above, never a traceback."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous = None
    try:
        status = command()
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        _say(f"{prog}: interrupted")
        return INTERRUPTED
    except Terminated:
        _say(f"{prog}: terminated")
        return TERMINATED
    except BrokenPipeError:
        _close_stdout()
        _say(f"{prog}: the output was closed before the report was written (broken pipe)")
        return BROKEN_PIPE
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _say(text: str) -> None:
    with contextlib.suppress(Exception):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def _close_stdout() -> None:
    """Standard output points at nothing from now on: the interpreter's last flush at exit must not fail again."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
