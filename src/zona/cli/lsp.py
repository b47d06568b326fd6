"""`zona lsp [--tcp PORT]`: the language server for editors (zona.lsp), on stdin/stdout."""

from __future__ import annotations

import argparse
import logging
from typing import TextIO

from zona.cli.common import Commands
from zona.extras import require
from zona.i18n import _


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `lsp` subcommand."""
    parser = commands.add_parser(
        "lsp", help=_("run the language server (diagnostics, hover, navigation, completion, "
                      "outline, formatting, rename) for an editor"))
    parser.add_argument("--tcp", type=int, metavar="PORT",
                        help=_("listen on 127.0.0.1:PORT instead of stdin/stdout"))
    parser.add_argument("--log", metavar="FILE", help=_("write the server's log to FILE"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    require("pygls", "lsp", "the language server")
    from zona.lsp.server import serve

    if args.log:
        logging.basicConfig(filename=args.log, level=logging.INFO)
    serve(args.tcp)
    return 0
