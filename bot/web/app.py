"""The FastAPI application: one process serves webhooks, API and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.config import Config
from bot.db.database import Database


def create_app(config: Config, database: Database | None = None) -> FastAPI:
    """Build the app; the database is created here unless a test passes one in."""
    owns_database = database is None
    db = database or Database(config.database.url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owns_database:
                await db.close()

    app = FastAPI(
        title="Hejsan",
        summary="Check-ins, invitations and volunteer hand-over for older people",
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.db = db

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> JSONResponse:
        """Liveness and database health, for load balancers and monitoring."""
        ok = await db.healthy()
        body = {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unreachable"}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app
