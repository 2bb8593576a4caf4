"""The web app: health told honestly, no page from a CDN, the simulator as front page."""

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


async def test_docs_pages_that_would_load_from_a_cdn_are_off_but_the_schema_is_served(
    db: Database,
) -> None:
    """Municipal networks block CDNs: Swagger UI would be a blank page, so it is
    not offered; the OpenAPI schema itself is served from here."""
    app = create_app(load_config(None, {}), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        docs = await client.get("/docs")
        schema = await client.get("/openapi.json")
    assert docs.status_code == 404
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Hejsan"


async def test_with_no_channel_configured_the_front_page_opens_the_simulator(
    db: Database,
) -> None:
    app = create_app(load_config(None, {}), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
        response = await client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/simulator"


async def test_the_app_starts_and_stops_its_own_runtime_and_leaves_a_given_database_open(
    db: Database,
) -> None:
    app = create_app(load_config(None, {"HEJSAN_DATABASE_URL": db.url}), db)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hejsan") as client:
            assert (await client.get("/healthz")).status_code == 200
    assert await db.healthy(), "the caller's database is the caller's to close"
