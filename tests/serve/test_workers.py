"""`zona serve --workers 2` on Linux: two worker processes, each on its own SO_REUSEPORT
socket, both answering; a worker that dies is replaced; SIGTERM to the parent, or SIGINT to
the whole process group (Ctrl-C in a terminal), stops every worker process, once the
requests in flight are answered."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.serve.conftest import UNIT, _free_port
from zona.errors import ZonaError
from zona.serve.workers import balanced, listening

pytestmark = pytest.mark.skipif(not balanced(), reason="SO_REUSEPORT balancing is Linux's")
CONNECTIONS = 16  # all on one worker by chance: 2 in 2**16
TOTAL = "625060859/7224000"  # UNIT's total


def _children(parent: int) -> set[int]:
    """The processes whose parent is `parent` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _owner(port: int, client_port: int, workers: set[int]) -> int:
    """The worker process holding the server's end of the connection from `client_port`."""
    local, remote = f"0100007F:{port:04X}", f"0100007F:{client_port:04X}"
    inode = next(fields[9] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if (fields := line.split())[1:4] == [local, remote, "01"])  # established
    for pid in workers:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    raise AssertionError(f"no worker holds the connection from port {client_port}")


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`zona serve --workers 2` in its own process group, once both workers listen."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "zona", "serve", "--port", str(port),
                                "--workers", "2"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait(lambda: _serving(port, process.pid))
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait(condition: Callable[[], object], seconds: float = 120) -> None:
    """Until `condition()` is true (an OSError: not yet), else AssertionError."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("not in time")


def _serving(port: int, parent: int, gone: int | None = None) -> set[int] | None:
    """The two workers of `parent` (`gone` not among them), once each of them answers."""
    workers = _children(parent)
    if len(workers) != 2 or gone in workers:
        return None
    return workers if _answered_by(port, workers) == workers else None


def _answered_by(port: int, workers: set[int]) -> set[int]:
    """Score UNIT on CONNECTIONS kept-alive connections; the workers that answered."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                   for _ in range(CONNECTIONS)]
    try:
        for connection in connections:  # a burst of connections, as kept-alive clients make
            connection.connect()
        owners = set()
        for connection in connections:
            connection.request("POST", "/score?ruleset=permenpan-90-2021",
                               body=UNIT.read_bytes(),
                               headers={"content-type": "application/json"})
            response = connection.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["total_exact"] == TOTAL
            assert connection.sock is not None
            owners.add(_owner(port, connection.sock.getsockname()[1], workers))
        return owners
    finally:
        for connection in connections:
            connection.close()


def _stopped(process: subprocess.Popen[bytes], workers: set[int]) -> None:
    assert process.wait(timeout=60) == 0
    assert [pid for pid in workers if _alive(pid)] == []


@pytest.mark.slow
def test_two_workers_answer_a_dead_one_is_replaced_and_sigterm_stops_all(
        served: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = served
    workers = _children(process.pid)
    assert len(workers) == 2 and _answered_by(port, workers) == workers
    dead = min(workers)
    os.kill(dead, signal.SIGKILL)
    _wait(lambda: _serving(port, process.pid, gone=dead))
    replaced = _children(process.pid)
    assert len(replaced - workers) == 1
    with socket.create_connection(("127.0.0.1", port), timeout=60) as pending:
        body = UNIT.read_bytes()
        pending.sendall(b"POST /score?ruleset=permenpan-90-2021 HTTP/1.1\r\nhost: zona\r\n"
                        b"content-type: application/json\r\ncontent-length: %d\r\n\r\n"
                        % len(body) + body[:100])
        time.sleep(0.5)  # the request has begun
        process.send_signal(signal.SIGTERM)  # the parent only: it stops its workers
        time.sleep(1.0)
        assert process.poll() is None  # a worker waits for the request in flight
        pending.sendall(body[100:])
        answer = pending.makefile("rb").read()  # to the end: the worker closes it
    assert answer.startswith(b"HTTP/1.1 200 ") and TOTAL.encode() in answer
    _stopped(process, workers | replaced)


@pytest.mark.slow
def test_ctrl_c_stops_every_worker(served: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = served
    workers = _children(process.pid)
    assert _answered_by(port, workers) == workers
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole process group
    _stopped(process, workers)


def test_the_sockets_share_one_port() -> None:
    sockets = listening("127.0.0.1", 0, 3)
    try:
        ports = {sock.getsockname() for sock in sockets}
        assert len(ports) == 1 and next(iter(ports))[1] > 0
        assert len({sock.fileno() for sock in sockets}) == 3
    finally:
        for sock in sockets:
            sock.close()


def test_an_address_in_use_stops_before_any_worker() -> None:
    with socket.socket() as taken:  # another program's socket, without SO_REUSEPORT
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ZonaError, match=f"127.0.0.1:{port}"):
            listening("127.0.0.1", port, 2)
