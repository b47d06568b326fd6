"""Load on `zona serve` from a bounded client on localhost: requests per second and p50/p99
latency for scoring one PortalRB unit (POST /score, the full result and `detail=summary`)
at 1, 8 and 32 concurrent clients, and for the official workbook uploaded (when
../shared/reference has it).

Starts `zona serve --workers W` (default 2) on a free port, warms it up, then for each
concurrency sends REQUESTS requests from that many client tasks (a minimal HTTP/1.1 client
on uvloop, one kept-alive connection each; httpx for the upload). Each request is the next
of the 200 synthetic units of examples/units-90-2021.csv as a bare PortalRB list (not one
unit over and over: the server keeps per-answer results, and one unit would flatter it).
The client runs on the same 2-core machine, so it takes CPU from the server: its CPU time
per request is reported, and so are the server's (all its processes), the share of it the
busiest server process took (0.5: two workers share evenly), and the load average before
and after the run (other processes on the machine).
`python bench/serve_load.py [--workers N] [--clients 1,8,32] [--kinds score,summary,xlsx]
[--shared-socket] [--json]` (`--shared-socket`: uvicorn's own workers, to compare)
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, WORKBOOK

UNITS = ROOT / "examples" / "units-90-2021.csv"
REQUESTS = {"score": 1600, "xlsx": 24}


def portalrb_units() -> list[bytes]:
    """The synthetic units as PortalRB JSON lists (a blank cell: no row for that soal)."""
    bodies = []
    with UNITS.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            answers = [{"soal_id": int(key[5:]), "jawaban_unit": value}
                       for key, value in row.items() if key.startswith("soal_") and value]
            bodies.append(json.dumps(answers).encode())
    return bodies


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        found: int = probe.getsockname()[1]
        return found


class Plain:
    """A minimal HTTP/1.1 client on one kept-alive connection (a tenth of httpx's CPU per
    request, so the server, not the client, is measured): POST a body, read the head in
    one call and the body by its Content-Length."""

    def __init__(self, url: str) -> None:
        host, _, port = url.removeprefix("http://").partition(":")
        self.host, self.port = host, int(port)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def __aenter__(self) -> Plain:
        self.streams = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.streams is not None:
            self.streams[1].close()

    async def post(self, path: str, content: bytes, headers: dict[str, str]) -> Answer:
        assert self.streams is not None
        reader, writer = self.streams
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(f"POST {path} HTTP/1.1\r\nhost: {self.host}\r\n{head}content-length: "
                     f"{len(content)}\r\n\r\n".encode() + content)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(None, 2)[1])
        start = head.find("\r\ncontent-length:")
        if start < 0:
            raise SystemExit("the response has no Content-Length")
        length = int(head[start + 17:head.index("\r\n", start + 2)])
        return Answer(status, (await reader.readexactly(length)).decode())


class Answer:
    def __init__(self, status_code: int, text: str) -> None:
        self.status_code, self.text = status_code, text


async def _load(url: str, clients: int, total: int, send: Any, plain: bool = True
                ) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    left = total

    async def client() -> None:
        nonlocal left
        async with Plain(url) if plain else httpx.AsyncClient(base_url=url,
                                                               timeout=120) as session:
            while left > 0:
                left -= 1
                start = time.perf_counter()
                response = await send(session, left)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise SystemExit(f"{response.status_code}: {response.text[:300]}")

    began, cpu, before = time.perf_counter(), _cpu(), _server_cpu()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed, cpu = time.perf_counter() - began, _cpu() - cpu
    spent = {pid: used - before.get(pid, 0.0) for pid, used in _server_cpu().items()}
    served = sum(spent.values())
    ordered = sorted(latencies)
    return {"clients": clients, "requests": len(ordered),
            "per_second": round(len(ordered) / elapsed, 1),
            "client_cpu_ms": round(cpu / len(ordered) * 1000, 2),
            "server_cpu_ms": round(served / len(ordered) * 1000, 2),
            # the share of the server's CPU that its busiest process used: 0.5 when two
            # workers share the work evenly, 1.0 when one does it all
            "busiest_share": round(max(spent.values()) / served, 2) if served else 0.0,
            "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


SERVER: list[int] = []  # the server's process id


def _server_cpu() -> dict[int, float]:
    """CPU seconds of the server and of each of its worker processes so far, by process id
    (Linux /proc; none elsewhere): what a request costs the server, whatever else the
    machine runs."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if SERVER and (int(stat.parent.name) in SERVER or int(fields[1]) in SERVER):
            found[int(stat.parent.name)] = ((int(fields[11]) + int(fields[12]))
                                            / os.sysconf("SC_CLK_TCK"))
    return found


async def _bench(url: str, counts: list[int], kinds: list[str]
                 ) -> dict[str, list[dict[str, float]]]:
    units = portalrb_units()
    json_body = {"content-type": "application/json"}

    async def score(session: Any, index: int) -> Any:
        return await session.post("/score?ruleset=permenpan-90-2021",
                                  content=units[index % len(units)], headers=json_body)

    async def brief(session: Any, index: int) -> Any:
        return await session.post("/score?ruleset=permenpan-90-2021&detail=summary",
                                  content=units[index % len(units)], headers=json_body)

    found: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds if kind != "xlsx"}
    await _load(url, 16, 400, score)  # warm-up: each unit twice, on every worker
    for clients in counts:
        for kind, send in (("score", score), ("summary", brief)):
            if kind in found:
                found[kind].append(await _load(url, clients, REQUESTS["score"], send))
    if WORKBOOK.exists() and "xlsx" in kinds:
        book = WORKBOOK.read_bytes()

        async def upload(session: Any, index: int) -> Any:
            return await session.post("/score", files={"file": ("lke.xlsx", book)})

        found["xlsx"] = [await _load(url, clients, REQUESTS["xlsx"], upload, plain=False)
                         for clients in (1, 8)]
    return found


def _loop() -> Any:
    """uvloop's event loop when it is there (the client's CPU per request: about a third
    less than asyncio's), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, e.g. 8")
    parser.add_argument("--kinds", default="score,summary,xlsx",
                        help="which loads: score (full result), summary, xlsx (upload)")
    parser.add_argument("--shared-socket", action="store_true",
                        help="uvicorn's own workers (one shared socket), to compare")
    args = parser.parse_args()
    port = _port()
    url = f"http://127.0.0.1:{port}"
    load = os.getloadavg()
    command = ["-m", "zona", "serve"] if not args.shared_socket else [
        "-m", "uvicorn", "zona.serve.app:from_environment", "--factory"]
    server = subprocess.Popen([sys.executable, *command, "--port", str(port), "--workers",
                               str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    SERVER.append(server.pid)
    try:
        import httpx

        for _ in range(600):
            try:
                httpx.get(f"{url}/rulesets", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with asyncio.Runner(loop_factory=_loop()) as runner:
            found = runner.run(_bench(url, [int(c) for c in args.clients.split(",")],
                                      args.kinds.split(",")))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps({"workers": args.workers, "load_average": load,
                          "load_average_after": os.getloadavg(), **found}))
        return
    after = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
    for kind, rows in found.items():
        for row in rows:
            print(f"{kind:<8} {row['clients']:>3} clients: {row['per_second']:>7} req/s  "
                  f"p50 {row['p50_ms']:>7} ms  p99 {row['p99_ms']:>8} ms  "
                  f"(CPU ms/request: server {row['server_cpu_ms']}, "
                  f"client {row['client_cpu_ms']}; busiest process "
                  f"{row['busiest_share']:.0%} of the server's CPU)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
