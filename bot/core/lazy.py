"""A heavy library loaded on first use, so a quick command never pays for it.

`hejsan seniors list` must answer in half a second; openpyxl (and numpy,
which it imports when installed) took a quarter of that start-up although
only Excel files need them, and Alembic another tenth although only a schema
upgrade does. `lazy_module` is the standard library's recipe
(importlib.util.LazyLoader): the import stays at the top of the module that
uses the library, and the library is executed when an attribute is first read.
Only for third-party libraries at the edge, never to hide a dependency
between our own modules.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module `name` (a package or a submodule such as "alembic.command"),
    executed on first attribute access; a submodule's packages load then too."""
    if name in sys.modules:
        return sys.modules[name]
    spec = _find(name)
    if spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    package, _, child = name.rpartition(".")
    if package in sys.modules:
        # As an import would: code that reaches a submodule through its package
        # (SQLAlchemy finds a dialect as `sqlalchemy.dialects.<name>`) finds it.
        setattr(sys.modules[package], child, module)
    return module


def _find(name: str) -> ModuleSpec:
    """Where `name` is, without executing it or (for a submodule) its packages."""
    top, _, rest = name.partition(".")
    spec = sys.modules[top].__spec__ if top in sys.modules else importlib.util.find_spec(top)
    for part in rest.split(".") if rest else []:
        if spec is None:
            break
        spec = importlib.machinery.PathFinder.find_spec(
            f"{spec.name}.{part}", spec.submodule_search_locations
        )
    if spec is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    return spec
