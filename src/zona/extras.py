"""Optional dependencies: each kind of work installs an extra of the `zona-rb` distribution,
and a missing one is a one-line ZonaError naming the extra, never a traceback."""

from __future__ import annotations

import importlib
from types import ModuleType

from zona.errors import ZonaError

DISTRIBUTION = "zona-rb"  # the name on the package index; `zona` there is another project


def install_hint(extra: str) -> str:
    """`pip install "zona-rb[batch]"`."""
    return f'pip install "{DISTRIBUTION}[{extra}]"'


def missing(module: str, extra: str, what: str) -> ZonaError:
    """The error for a missing optional library."""
    return ZonaError(f"{what} needs {module.split('.')[0]}: {install_hint(extra)}")


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import an optional dependency, or raise the error that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing(module, extra, what) from None
