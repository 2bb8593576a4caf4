"""The JSON API's field types: a value the database cannot hold is refused at the
edge, naming the field, instead of failing later as a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.web.api_types import MAX_DB_ID, ApiText, Cursor, DbId, PathId
from bot.web.guard import install_guard


class Send(BaseModel):
    id: DbId
    text: ApiText


def test_the_largest_id_is_postgresqls_largest_integer() -> None:
    assert MAX_DB_ID == 2_147_483_647


@pytest.mark.parametrize("value", [1, 42, MAX_DB_ID])
def test_every_id_a_row_can_have_is_accepted(value: int) -> None:
    assert TypeAdapter(DbId).validate_python(value) == value


@pytest.mark.parametrize("value", [0, -1, MAX_DB_ID + 1, 2**63])
def test_an_id_no_row_can_have_is_refused(value: int) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(DbId).validate_python(value)


def test_text_with_emoji_and_swedish_letters_is_kept_as_written() -> None:
    text = "Hej Åsa! Vi ses på onsdag 😊"
    assert TypeAdapter(ApiText).validate_python(text) == text


def test_text_that_cannot_be_stored_or_sent_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Send.model_validate({"id": 1, "text": "bra \ud800"})
    assert caught.value.errors()[0]["loc"] == ("text",)
    assert "not valid Unicode" in str(caught.value)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """A guarded app with one route using the path and cursor types, as our routes do."""
    app = FastAPI()
    install_guard(app)

    @app.get("/conversation/{person_id}")
    async def conversation(person_id: PathId, after: Cursor = 0) -> dict[str, int]:
        return {"person_id": person_id, "after": after}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as made:
        yield made


async def test_path_ids_and_cursors_in_range_reach_the_route(client: httpx.AsyncClient) -> None:
    start = await client.get("/conversation/7")
    assert start.json() == {"person_id": 7, "after": 0}
    last = await client.get(f"/conversation/{MAX_DB_ID}", params={"after": MAX_DB_ID})
    assert last.json() == {"person_id": MAX_DB_ID, "after": MAX_DB_ID}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/conversation/0", "person_id"),
        (f"/conversation/{2**31}", "person_id"),
        (f"/conversation/{2**70}", "person_id"),
        ("/conversation/7?after=-1", "after"),
        (f"/conversation/7?after={2**31}", "after"),
    ],
)
async def test_ids_and_cursors_out_of_range_are_refused_naming_the_field(
    client: httpx.AsyncClient, path: str, field: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"{field}: ")
