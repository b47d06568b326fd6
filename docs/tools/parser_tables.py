"""Write src/zona/language/_parser_tables.pickle: zona's LALR parser, analysed, for a fast start.

    python docs/tools/parser_tables.py           # (re)write the tables
    python docs/tools/parser_tables.py --check   # exit 1 when they are out of date

Run it after changing grammar/zona.lark or the lark version: tests/language/test_parser_tables.py
fails until then, and zona builds its parser from the grammar at run time (correct, but
about 80 ms slower). The file holds lark's own serialized parser (Lark.memo_serialize, as
lark's standalone tool uses) as plain data, with the grammar's sha256, the lark version and
the parser options; zona uses it only when all three match (src/zona/language/grammar.py). The
output is the same on every run, so regenerating an unchanged grammar changes nothing.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

import lark  # noqa: E402

from zona.io.atomic import write_atomic  # noqa: E402
from zona.language import grammar as _grammar  # noqa: E402

TARGET = ROOT / "src" / "zona" / "language" / _grammar.TABLES_FILE


def tables(built: lark.Lark, grammar: str) -> bytes:
    """The tables file for a parser built from `grammar`: its fingerprint and lark's data."""
    data, memo = built.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    data["parser"]["parser"] = _canonical(data["parser"]["parser"])
    content = _unshared({**_grammar.fingerprint(grammar), "data": data, "memo": memo}, {})
    blob = pickle.dumps(content, protocol=4)
    if _grammar.read_tables(blob) != content:  # plain data only, or zona could not read it
        raise ValueError("the parser tables do not survive zona's restricted unpickler")
    return blob


def _canonical(table: dict[str, Any]) -> dict[str, Any]:
    """lark's serialized parse table, renumbered in a fixed order (lark numbers states and
    tokens in set order, which varies from run to run): tokens by name, states breadth-first
    from the start states, following tokens by name. A shift's argument is a state (lark
    shifts nonterminals too, as gotos); a reduce's is a rule, left as it is."""
    names: dict[int, str] = table["tokens"]
    states: dict[int, dict[int, tuple[int, Any]]] = table["states"]
    token_ids = {old: new for new, old in enumerate(sorted(names, key=names.__getitem__))}
    by_name = {state: sorted(actions.items(), key=lambda item: names[item[0]])
               for state, actions in states.items()}
    numbers: dict[int, int] = {}
    queue = [table["start_states"][start] for start in sorted(table["start_states"])]
    for state in queue:
        if state not in numbers:
            numbers[state] = len(numbers)
            queue.extend(arg for _, (action, arg) in by_name[state] if action == 0)
    if len(numbers) != len(states):
        raise ValueError("the parse table has states that no start state reaches")
    return {
        "tokens": {new: names[old] for old, new in sorted(token_ids.items(), key=lambda i: i[1])},
        "states": {
            numbers[state]: {token_ids[token]: (action, numbers[arg] if action == 0 else arg)
                             for token, (action, arg) in by_name[state]}
            for state in sorted(states, key=numbers.__getitem__)
        },
        "start_states": {start: numbers[state] for start, state in table["start_states"].items()},
        "end_states": {start: numbers[state] for start, state in table["end_states"].items()},
    }


def _unshared(value: Any, strings: dict[str, str]) -> Any:
    """A copy with one object per distinct string and no shared containers, so that the
    pickle's bytes depend on the data alone (pickle writes a repeated object once)."""
    if isinstance(value, dict):
        return {_unshared(k, strings): _unshared(v, strings) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_unshared(item, strings) for item in value)
    if isinstance(value, str):
        return strings.setdefault(value, value)
    return value


def main(argv: list[str]) -> int:
    grammar = _grammar.grammar_text()
    blob = tables(_grammar.build_parser(), grammar)
    name = TARGET.relative_to(ROOT)
    if "--check" in argv:
        shipped = TARGET.read_bytes() if TARGET.is_file() else b""
        current = (_grammar.load_tables(shipped, grammar) is not None
                   and _grammar.read_tables(shipped) == _grammar.read_tables(blob))
        print(f"{name}: up to date" if current else
              f"{name}: OUT OF DATE; run python docs/tools/parser_tables.py")
        return 0 if current else 1
    write_atomic(TARGET, lambda stream: stream.write(blob))
    print(f"wrote {name} ({len(blob):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
