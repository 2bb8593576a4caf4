"""The web app's health endpoint reports the database honestly."""

from __future__ import annotations

import httpx

from bot.config import load_config
from bot.db.database import Database
from bot.web.app import create_app


async def test_healthz_reports_database_ok(db: Database) -> None:
    app = create_app(load_config(None, {}), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_when_the_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = Database(f"sqlite:///{tmp_path}/missing-dir/x.db")
    app = create_app(load_config(None, {}), broken)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        response = await client.get("/healthz")
    await broken.close()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
