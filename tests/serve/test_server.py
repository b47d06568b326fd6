"""A real `zona serve` on localhost (uvicorn in a subprocess): it answers, and concurrent
requests give the same bodies as one request alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.serve.conftest import SAKIP, UNIT

pytestmark = pytest.mark.slow


def test_a_real_server_answers(server: str) -> None:
    listing = httpx.get(f"{server}/rulesets").json()
    assert "sakip-88-2021" in [r["id"] for r in listing["rulesets"]]
    scored = httpx.post(f"{server}/score?ruleset=permenpan-90-2021",
                        content=UNIT.read_bytes(), headers={"content-type": "application/json"})
    assert scored.json()["total_exact"] == "625060859/7224000"
    uploaded = httpx.post(f"{server}/explain", files={"file": ("u.json", SAKIP.read_bytes())},
                          data={"lang": "en"})
    assert uploaded.json()["text"].startswith("Score explanation:")
    missing = httpx.get(f"{server}/rulesets/nope", headers={"accept-language": "id"})
    assert (missing.status_code, missing.json()["title"]) == (404, "Ruleset tidak dikenal")


def test_parallel_requests_give_the_sequential_bodies(server: str) -> None:
    def post(path: str, body: bytes) -> bytes:
        return httpx.post(f"{server}{path}", content=body, timeout=120,
                          headers={"content-type": "application/json"}).content

    requests = [("/score?ruleset=permenpan-90-2021", UNIT.read_bytes()),
                ("/gap", SAKIP.read_bytes())] * 4
    alone = [post(path, body) for path, body in requests]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda r: post(*r), requests))
    assert together == alone
    assert len(set(alone)) == 2
