"""The FastAPI application: one process serves webhooks, API and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.console.mount import mount_console
from bot.core.config import Config
from bot.db.database import Database
from bot.web import simulator, webhooks
from bot.web.guard import install_guard
from bot.web.practice import Practice
from bot.web.runtime import Runtime, build_runtime


def create_app(
    config: Config,
    database: Database | None = None,
    *,
    runtime: Runtime | None = None,
    telegram_polling: bool = False,
) -> FastAPI:
    """Build the app. Pass a runtime (tests do) to manage its start and stop yourself;
    otherwise the app builds one and runs it for its lifetime."""
    owns_runtime = runtime is None
    rt = runtime or build_runtime(config, database)
    practice = Practice(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owns_runtime:
            await rt.start(telegram_polling=telegram_polling)
        try:
            yield
        finally:
            await practice.stop()
            if owns_runtime:
                await rt.stop()
                if database is None:
                    await rt.database.close()

    app = FastAPI(
        title="Hejsan",
        summary="Check-ins, invitations and volunteer hand-over for older people",
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN; the schema is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    install_guard(app)
    app.state.config = config
    app.state.runtime = rt
    app.state.db = rt.database
    app.state.practice = practice

    app.include_router(webhooks.router)
    app.include_router(simulator.router)
    if config.simulator_only:
        app.add_api_route("/", simulator.root_redirect, include_in_schema=False)
    mount_console(app)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> JSONResponse:
        """Liveness and database health, for load balancers and monitoring."""
        ok = await rt.database.healthy()
        body = {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unreachable"}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app
