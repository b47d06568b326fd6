"""Shared by the `zona serve` tests: the application on a test client, the JSON Schemas."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytest.importorskip("starlette", reason='zona serve needs starlette: pip install "zona-rb[serve]"')
pytest.importorskip("httpx", reason="the test client needs httpx")

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

with warnings.catch_warnings():  # starlette's note that httpx2 will replace httpx
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from zona.serve.app import create_app
from zona.serve.openapi import SCHEMAS

EXAMPLES = ROOT / "examples"
UNIT = EXAMPLES / "unit-90-2021.portalrb.json"
SAKIP = EXAMPLES / "sakip-88-2021.answers.json"


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The application with the built-in rulesets and examples/."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note on httpx2
        with TestClient(create_app([EXAMPLES])) as found:
            yield found


def schema_registry() -> Registry:
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
                 for p in sorted(SCHEMAS.glob("*.schema.json"))]
    return Registry().with_resources(resources)


def validate(document: Any, name: str) -> None:
    """Validate `document` against zona/schemas/NAME.schema.json (raises when invalid)."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, registry=schema_registry()).validate(document)


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `zona serve` (uvicorn) on a free localhost port, with examples/; its URL."""
    import httpx

    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "zona", "serve", "--port", str(port), "--rulesets",
             str(EXAMPLES)], stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until it listens (up to a minute on a loaded machine)
            if process.poll() is not None:
                raise AssertionError(log.read_text(encoding="utf-8", errors="replace"))
            try:
                httpx.get(f"{url}/rulesets", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
