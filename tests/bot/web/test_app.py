"""The web app's health endpoint reports the database honestly."""

from __future__ import annotations

import httpx

from bot.core.config import load_config
from bot.db.database import Database
from bot.web.app import create_app


async def test_healthz_reports_database_ok(db: Database) -> None:
    app = create_app(load_config(None, {}), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    # A server that is not there (port 9, discard): the connection is refused at once.
    broken = Database("postgresql://hejsan:x@127.0.0.1:9/hejsan")
    app = create_app(load_config(None, {}), broken)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        response = await client.get("/healthz")
    await broken.close()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
