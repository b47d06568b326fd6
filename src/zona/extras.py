"""Optional dependencies: each kind of work installs an extra of the `zona-rb` distribution,
and a missing one is a one-line ZonaError naming the extra, never a traceback."""

from __future__ import annotations

import importlib
from types import ModuleType

from zona.errors import ZonaError
from zona.i18n import N_, _

DISTRIBUTION = "zona-rb"  # the name on the package index; `zona` there is another project


def install_hint(extra: str) -> str:
    """`pip install "zona-rb[batch]"`."""
    return f'pip install "{DISTRIBUTION}[{extra}]"'


#: What each optional dependency is for, as the callers of `require` name it: catalogue
#: messages, so that the error is said in the language in use (tests/i18n checks that every
#: `require(...)` in zona names one of these).
NEEDED_FOR = (
    N_("zona serve"), N_("drawing plots"), N_("cohort analytics"), N_("scoring a table"),
    N_("the language server"), N_("what-if studies"), N_("zona.testing's strategies"),
    N_("zona test --properties"), N_("zona.testing.strategies"),
    N_("reading YAML answer sheets"), N_("writing .xlsx templates"),
    N_("reading old .xls workbooks"), N_("reading .xlsx workbooks"),
    N_("reading Parquet tables"), N_("reading .xlsx workbooks safely"),
    N_("a cohort as a DataFrame"), N_("batch scoring"),
)


def missing(module: str, extra: str, what: str) -> ZonaError:
    """The error for a missing optional library, in the language in use."""
    return ZonaError(_("{what} needs {module}: {hint}", what=_(what),
                       module=module.split(".")[0], hint=install_hint(extra)))


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import an optional dependency, or raise the error that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing(module, extra, what) from None
