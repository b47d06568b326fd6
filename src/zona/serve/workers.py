"""`zona serve --workers N` on Linux: N uvicorn processes, each accepting on its own listening
socket, all bound to one address with SO_REUSEPORT so that the kernel spreads the
connections across them. (uvicorn's own workers share one socket, and the first to wake
takes every pending connection of a burst: kept-alive clients then all land on one process
and one core.)

The parent binds the sockets (an address in use fails here, before any worker starts; port
0 gets one port for all), starts one worker per socket, starts another on the same socket
when a worker dies, and on SIGINT or SIGTERM asks every worker to finish its requests and
waits for them all (a second signal makes them stop at once). A worker stops by itself when
its parent is gone. Elsewhere (no load-balancing SO_REUSEPORT) uvicorn's workers serve.

A worker is `python -m zona.serve.workers --fd FD --host H --port P --log-level L`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType
from typing import TYPE_CHECKING

from zona.errors import ZonaError
from zona.i18n import _

if TYPE_CHECKING:
    import uvicorn

APP = "zona.serve.app:from_environment"  # the factory each worker calls
STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that could not start serving
BACKLOG = 2048  # uvicorn's default
POLL = 0.2  # seconds between the parent's looks at its workers
log = logging.getLogger("uvicorn.error")


def balanced() -> bool:
    """Whether the kernel spreads connections over SO_REUSEPORT sockets (Linux does)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def serve(host: str, port: int, workers: int, log_level: str = "info") -> int:
    """Serve the application from the environment with `workers` processes; the exit code."""
    import uvicorn

    if workers <= 1 or not balanced():
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers,
                    log_level=log_level)
        return 0
    uvicorn.Config(APP, log_level=log_level).configure_logging()  # uvicorn's log format
    sockets = listening(host, port, workers)
    try:
        return Supervisor(sockets, host, log_level).run()
    finally:
        for sock in sockets:
            sock.close()


def listening(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` listening sockets on (host, port), each bound with SO_REUSEPORT (port 0:
    the port the first one gets)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _index in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.listen(BACKLOG)
            sock.set_inheritable(True)
    except OSError as error:
        for sock in sockets:
            sock.close()
        raise ZonaError(_("cannot listen on {host}:{port}: {reason}", host=host, port=port,
                          reason=error.strerror or error)) from None
    return sockets


class Supervisor:
    """The parent: one worker per socket, replaced when it dies, all stopped on a signal."""

    def __init__(self, sockets: Sequence[socket.socket], host: str, log_level: str) -> None:
        self.sockets, self.host, self.log_level = list(sockets), host, log_level
        self.workers: list[subprocess.Popen[bytes]] = []
        self.signals: list[int] = []

    def run(self) -> int:
        port = self.sockets[0].getsockname()[1]
        previous = {sig: signal.signal(sig, self._signalled)
                    for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.workers = [self._start(sock) for sock in self.sockets]
            shown = f"[{self.host}]" if ":" in self.host else self.host
            log.info(_("{count} worker processes on http://{address}, each with its own "
                       "socket; parent process [{pid}] (press CTRL+C to quit)",
                       count=len(self.workers), address=f"{shown}:{port}", pid=os.getpid()))
            code = self._watch()
            self._stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _start(self, sock: socket.socket) -> subprocess.Popen[bytes]:
        fd = sock.fileno()
        port = sock.getsockname()[1]
        return subprocess.Popen(
            [sys.executable, "-m", "zona.serve.workers", "--fd", str(fd), "--host", self.host,
             "--port", str(port), "--log-level", self.log_level], pass_fds=(fd,))

    def _signalled(self, sig: int, frame: FrameType | None) -> None:
        self.signals.append(sig)
        if len(self.signals) > 1:  # again: the workers stop without waiting for requests
            self._send(signal.SIGINT)

    def _send(self, sig: int) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                with contextlib.suppress(ProcessLookupError):  # ended since poll()
                    worker.send_signal(sig)

    def _watch(self) -> int:
        """Until a signal: replace a worker that ended. The exit code."""
        while not self.signals:
            time.sleep(POLL)
            for index, worker in enumerate(self.workers):
                code = worker.poll()
                if code is None or self.signals:
                    continue
                if code == STARTUP_FAILURE:
                    log.error(_("worker process [{pid}] could not start; stopping",
                                pid=worker.pid))
                    return 1
                log.warning(_("worker process [{pid}] ended (exit code {code}); starting "
                              "another", pid=worker.pid, code=code))
                self.workers[index] = self._start(self.sockets[index])
        return 0

    def _stop(self) -> None:
        """Every worker asked to finish its requests and stop; waited for."""
        self._send(signal.SIGTERM)
        for worker in self.workers:
            worker.wait()


# --- a worker -------------------------------------------------------------------------


def worker(argv: Sequence[str] | None = None) -> None:
    """A worker process: uvicorn serving the application on the inherited socket."""
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m zona.serve.workers")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    sock = socket.socket(fileno=args.fd)
    config = uvicorn.Config(APP, factory=True, host=args.host, port=args.port,
                            log_level=args.log_level)
    server = uvicorn.Server(config)
    for sig in (signal.SIGINT, signal.SIGTERM):  # uvicorn raises the signal again once done
        signal.signal(sig, _done)
    _orphan_watch(os.getppid(), server)
    with contextlib.suppress(SystemExit):  # a signal (see _done), or uvicorn giving up
        server.run(sockets=[sock])
    sys.exit(0 if server.started else STARTUP_FAILURE)


def _done(sig: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _orphan_watch(parent: int, server: uvicorn.Server) -> None:
    """A thread that asks the server to stop once the parent process is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        server.should_exit = True

    threading.Thread(target=watch, name="zona-parent-watch", daemon=True).start()


if __name__ == "__main__":
    worker()
