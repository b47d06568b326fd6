"""Load on `zona serve` from a bounded client on localhost: requests per second and p50/p99
latency for scoring one PortalRB unit (POST /score, the full result and `detail=summary`)
at 1, 8 and 32 concurrent clients, and for the official workbook uploaded (when
../shared/reference has it).

Starts `zona serve --workers W` (default 2) on a free port, warms it up, then for each
concurrency sends REQUESTS requests from that many client tasks (httpx, one connection
each). The client runs on the same 2-core machine, so it takes CPU from the server.
`python bench/serve_load.py [--workers N] [--json]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, WORKBOOK

UNIT = ROOT / "examples" / "unit-90-2021.portalrb.json"
REQUESTS = {"score": 800, "xlsx": 24}


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        found: int = probe.getsockname()[1]
        return found


async def _load(url: str, clients: int, total: int, send: Any) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    left = total

    async def client() -> None:
        nonlocal left
        async with httpx.AsyncClient(base_url=url, timeout=120) as session:
            while left > 0:
                left -= 1
                start = time.perf_counter()
                response = await send(session)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise SystemExit(f"{response.status_code}: {response.text[:300]}")

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"clients": clients, "requests": len(ordered),
            "per_second": round(len(ordered) / elapsed, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}


async def _bench(url: str) -> dict[str, list[dict[str, float]]]:
    unit = UNIT.read_bytes()

    async def score(session: Any) -> Any:
        return await session.post("/score?ruleset=permenpan-90-2021", content=unit,
                                  headers={"content-type": "application/json"})

    async def brief(session: Any) -> Any:
        return await session.post("/score?ruleset=permenpan-90-2021&detail=summary",
                                  content=unit, headers={"content-type": "application/json"})

    found: dict[str, list[dict[str, float]]] = {"score": [], "summary": []}
    await _load(url, 4, 40, score)  # warm-up
    for clients in (1, 8, 32):
        found["score"].append(await _load(url, clients, REQUESTS["score"], score))
        found["summary"].append(await _load(url, clients, REQUESTS["score"], brief))
    if WORKBOOK.exists():
        book = WORKBOOK.read_bytes()

        async def upload(session: Any) -> Any:
            return await session.post("/score", files={"file": ("lke.xlsx", book)})

        found["xlsx"] = [await _load(url, clients, REQUESTS["xlsx"], upload)
                         for clients in (1, 8)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    port = _port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "zona", "serve", "--port", str(port),
                               "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        for _ in range(600):
            try:
                httpx.get(f"{url}/rulesets", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        found = asyncio.run(_bench(url))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps({"workers": args.workers, **found}))
        return
    for kind, rows in found.items():
        for row in rows:
            print(f"{kind:<8} {row['clients']:>3} clients: {row['per_second']:>7} req/s  "
                  f"p50 {row['p50_ms']:>7} ms  p99 {row['p99_ms']:>8} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
