"""Compile time of the 90/2021 ruleset, cold: each measurement is a fresh Python process
that imports zona and compiles the ruleset from its text (nothing compiled is cached
between processes; the parser comes from the tables shipped in the package). Reports
medians of 7 processes: the import, the compile, a second compile in the same process, and
where the cold compile's time goes. Target: compile <= 150 ms cold.

Python's own bytecode cache matters here: with PYTHONDONTWRITEBYTECODE set (as in zona's
development environment) every process compiles zona's .py sources again, which an installed
wheel does not (pip writes the .pyc files at install). Both are measured: as this
environment runs, and with the bytecode cached in a temporary folder (PYTHONPYCACHEPREFIX).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

from common import ROOT, RULESET, report

RUNS = 7

PROBE = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
start = time.perf_counter()
import zona
from zona import builtin
imported = time.perf_counter()
cpu = time.process_time()
zona.load(builtin.path({RULESET!r}))
compiled = time.perf_counter()
cpu = time.process_time() - cpu
zona.load(builtin.path({RULESET!r}))
warm = time.perf_counter() - compiled
print(json.dumps({{"import": imported - start, "compile": compiled - imported,
                  "compile_cpu": cpu, "warm": warm}}))
"""

# The same cold compile, step by step (zona.loads does these in this order).
STEPS = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
import zona
from zona import builtin
steps = {{}}
mark = time.perf_counter()
def step(name):
    global mark
    now = time.perf_counter()
    steps[name] = now - mark
    mark = now
text = builtin.path({RULESET!r}).read_text(encoding="utf-8")
step("read")
import zona.compiler.build, zona.compiler.loader, zona.language.parser
step("import_compiler")
from zona.language import grammar as _grammar
lark_parser = _grammar.parser()
step("parser_tables")
tree = lark_parser.parse(text)
step("first_parse")
module = zona.language.parser._ToSyntax("x.zona").transform(tree)
step("syntax_tree")
zona.compiler.build.compile_module(module, zona.Source(text, "x.zona"), [])
step("check_and_compile")
if "--build" in sys.argv:
    _grammar.build_parser()
    step("build_parser_instead")
print(json.dumps(steps))
"""


def _median_runs(script: str, env: dict[str, str], *args: str) -> dict[str, float]:
    runs = []
    for _ in range(RUNS):
        found = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                               text=True, check=True, env=env)
        runs.append(json.loads(found.stdout))
    return {key: statistics.median(r[key] for r in runs) * 1000 for key in runs[0]}


def main() -> None:
    here = dict(os.environ)
    cold = _median_runs(PROBE, here)
    steps = _median_runs(STEPS, here, "--build")
    with tempfile.TemporaryDirectory() as cache:
        cached_env = {k: v for k, v in here.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached_env["PYTHONPYCACHEPREFIX"] = cache
        subprocess.run([sys.executable, "-c", PROBE], env=cached_env, check=True,
                       capture_output=True)  # writes the bytecode once
        cached = _median_runs(PROBE, cached_env)
    results = {
        "import_ms": cold["import"], "compile_ms": cold["compile"],
        "compile_cpu_ms": cold["compile_cpu"], "warm_compile_ms": cold["warm"],
        "bytecode_cached": os.environ.get("PYTHONDONTWRITEBYTECODE") is None,
        "cached_import_ms": cached["import"], "cached_compile_ms": cached["compile"],
        "steps_ms": steps,
    }
    breakdown = ", ".join(f"{name.replace('_', ' ')} {ms:.1f}" for name, ms in steps.items()
                          if name != "build_parser_instead")
    how = ("" if results["bytecode_cached"] else
           " (PYTHONDONTWRITEBYTECODE is set: zona's sources are compiled in every process)")
    report(results, [
        f"import zona: {cold['import']:.0f} ms; compile {RULESET} cold: {cold['compile']:.0f} ms "
        f"(CPU {cold['compile_cpu']:.0f} ms; target <= 150 ms); again in the same process: "
        f"{cold['warm']:.0f} ms{how}",
        f"with zona's bytecode cached, as installed: import {cached['import']:.0f} ms, "
        f"compile cold {cached['compile']:.0f} ms",
        f"cold compile, step by step (ms): {breakdown}",
        f"building the parser from the grammar instead of loading its tables: "
        f"{steps['build_parser_instead']:.0f} ms",
    ])


if __name__ == "__main__":
    main()
