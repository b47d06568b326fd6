"""`zona serve [--host H] [--port P] [--rulesets DIR] [--workers N]`: scoring over HTTP."""

from __future__ import annotations

import argparse
import json
import os
from typing import TextIO

from zona.cli.common import Commands
from zona.extras import require
from zona.i18n import _


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `serve` subcommand."""
    parser = commands.add_parser(
        "serve", help=_("serve scoring over HTTP (JSON API with an OpenAPI document)"))
    parser.add_argument("--host", default="127.0.0.1", help=_("address (default 127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port (default 8000)"))
    parser.add_argument("--rulesets", action="append", default=[], metavar="DIR",
                        help=_("also serve the rulesets (*.zona) in DIR (repeatable); requests "
                               "name rulesets only among these and the built-in ones"))
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help=_("worker processes (default 1); on Linux each has its own "
                               "socket and the kernel spreads connections across them"))
    parser.add_argument("--openapi", action="store_true",
                        help=_("print the OpenAPI document and stop"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.serve.openapi import openapi

    if args.openapi:
        json.dump(openapi(), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    from zona.serve.app import ENVIRONMENT, create_app

    require("uvicorn", "serve", "zona serve")
    from zona.serve.workers import serve

    create_app(args.rulesets)  # check the rulesets before serving: a bad one stops here
    os.environ[ENVIRONMENT] = os.pathsep.join(os.path.abspath(d) for d in args.rulesets)
    return serve(args.host, args.port, max(1, args.workers))
