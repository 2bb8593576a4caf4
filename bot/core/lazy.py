"""A heavy library loaded on first use, so a quick command never pays for it.

`hejsan seniors list` must answer in half a second; openpyxl (and numpy,
which it imports when installed) took a quarter of that start-up although
only Excel files need them. `lazy_module` is the standard library's recipe
(importlib.util.LazyLoader): the import stays at the top of the module that
uses the library, and the library is executed when an attribute is first read.
Only for third-party libraries at the edge, never to hide a dependency
between our own modules.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The top-level package `name`, executed on first attribute access."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
