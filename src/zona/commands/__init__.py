"""Further `zona` subcommands, one module each.

Every module here defines `register(commands)`, which adds its subparser to the
`zona` command line and sets `run=function(args, out) -> exit code` on it. The CLI
finds the modules by listing this package, so a new command is one new file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def register_all(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add every command module's subparser."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").register(commands)
