"""Field types for our JSON API: what the database can hold, checked at the edge.

A value outside them is refused with a 400 naming the field (see
`bot.web.guard`), never passed on to fail in the database as a 500.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Path, Query
from pydantic import AfterValidator, Field

from bot.channels.payload_checks import check_text

#: Our ids are PostgreSQL `integer` columns.
MAX_DB_ID: Final = 2**31 - 1


def _valid_text(value: str) -> str:
    check_text("text", value)
    return value


#: A row id in a JSON body.
DbId = Annotated[int, Field(ge=1, le=MAX_DB_ID)]
#: A row id in the path.
PathId = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
#: A cursor (an id, or 0 for "from the start") in the query string.
Cursor = Annotated[int, Query(ge=0, le=MAX_DB_ID)]
#: Text that can be stored and sent: no lone surrogates.
ApiText = Annotated[str, AfterValidator(_valid_text)]
