"""A library loaded lazily costs nothing until a command uses it, then works as usual."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_a_lazy_library_is_executed_only_when_first_used() -> None:
    code = (
        "import sys; from bot.core.lazy import lazy_module; "
        "x = lazy_module('openpyxl'); print('openpyxl.workbook' in sys.modules); "
        "x.Workbook(); print('openpyxl.workbook' in sys.modules)"
    )
    assert _run(code).split() == ["False", "True"]


def test_a_library_already_imported_is_returned_as_it_is() -> None:
    code = "import json; from bot.core.lazy import lazy_module; print(lazy_module('json') is json)"
    assert _run(code) == "True"


def test_an_excel_file_is_written_through_the_lazy_library() -> None:
    code = (
        "from bot.core.table_files import xlsx_bytes; "
        "print(xlsx_bytes(['Namn'], [['=cmd']])[:2].decode())"
    )
    assert _run(code) == "PK"


def test_a_lazy_submodule_loads_its_package_only_when_used() -> None:
    code = (
        "import sys; from bot.core.lazy import lazy_module; "
        "c = lazy_module('alembic.command'); print('alembic' in sys.modules); "
        "c.upgrade; print('alembic' in sys.modules and 'alembic.runtime' in sys.modules)"
    )
    assert _run(code).split() == ["False", "True"]


def test_a_lazy_submodule_is_found_through_its_package_as_after_an_import() -> None:
    # SQLAlchemy finds a dialect as an attribute of sqlalchemy.dialects: a
    # PostgreSQL engine must still start when the dialect was made lazy.
    code = (
        "import sqlalchemy.dialects as dialects; from bot.core.lazy import lazy_module; "
        "pg = lazy_module('sqlalchemy.dialects.postgresql'); print(dialects.postgresql is pg); "
        "from sqlalchemy.ext.asyncio import create_async_engine; "
        "print(create_async_engine('postgresql+asyncpg://u@127.0.0.1/x').dialect.name)"
    )
    assert _run(code).split() == ["True", "postgresql"]
