"""Put the console's pages, static files and JSON API into the web app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot.console import api, api_changes, safety_api
from bot.console.auth import LoginRequired, login_redirect
from bot.console.render import HERE
from bot.console.routes import (
    admin,
    campaigns,
    cases,
    event_changes,
    events,
    login,
    password_link,
    people_import,
    report,
    review,
    safety,
    senior_changes,
    seniors,
    today,
    volunteers,
)

ROUTERS = (
    login.router,
    password_link.router,
    today.router,
    seniors.router,
    safety.router,
    senior_changes.router,
    cases.router,
    review.router,
    campaigns.router,
    events.router,
    event_changes.router,
    volunteers.router,
    people_import.router,
    report.router,
    admin.router,
    api.router,
    safety_api.router,
    api_changes.router,
)


def mount_console(app: FastAPI) -> None:
    """Pages under `/`, JSON under `/api/`, our own CSS/JS under `/console-static/`."""
    app.add_exception_handler(LoginRequired, login_redirect)
    app.mount("/console-static", StaticFiles(directory=HERE / "static"), name="console-static")
    for router in ROUTERS:
        app.include_router(router)
