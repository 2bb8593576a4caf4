"""The console mounted in the web app: every page, form and API call behind a
login, the least role enforced on the server, the promised pages and files there."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi.routing import APIRoute

from bot.console.mount import ROUTERS
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import anonymous

# What a visitor may reach before logging in (to log in, or to set a password).
PUBLIC = {
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/language"),
    ("GET", "/set-password/{token}"),
    ("POST", "/set-password/{token}"),
}
# Forms a viewer may send: leave, choose a language, change their own password.
VIEWER_FORMS = {"/logout", "/language", "/password"}
PAGES = (
    "/today",
    "/seniors",
    "/review",
    "/cases",
    "/campaigns",
    "/events",
    "/volunteers",
    "/report",
    "/accounts",
    "/audit",
    "/password",
)


def _mounted() -> Iterator[tuple[str, str, str]]:
    """(method, route path, a path to request) for every route the console mounts."""
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            concrete = re.sub(r"\{[^}]+\}", "1", route.path)
            for method in sorted(route.methods):
                yield method, route.path, concrete


async def test_nothing_but_logging_in_is_reachable_without_a_login(desk: Desk) -> None:
    reached = []
    guarded = [route for route in _mounted() if route[:2] not in PUBLIC]
    assert len(guarded) > 80  # pages, forms and the API: all of them are asked
    async with anonymous(desk) as visitor:
        for method, path, concrete in guarded:
            response = await visitor.request(method, concrete)
            if path.startswith("/api/"):
                expected = response.status_code == 401
            elif method == "GET":
                location = response.headers.get("location", "")
                expected = response.status_code == 303 and location.startswith("/login?next=/")
            else:
                expected = response.status_code == 401
            if not expected:
                reached.append((method, path, response.status_code))
    assert reached == []


async def test_a_viewer_changes_nothing_through_any_form_or_api_call(desk: Desk) -> None:
    viewer = desk.as_role("viewer")
    token = await desk.csrf(viewer, "/today")
    allowed = []
    changes = [
        (method, path, concrete)
        for method, path, concrete in _mounted()
        if method != "GET" and path not in VIEWER_FORMS and (method, path) not in PUBLIC
    ]
    assert len(changes) > 50
    for method, path, concrete in changes:
        if path.startswith("/api/"):
            response = await viewer.request(method, concrete, headers=desk.api("viewer"))
        else:
            response = await viewer.request(method, concrete, data={"csrf_token": token})
        if response.status_code != 403:
            allowed.append((method, path, response.status_code))
    assert allowed == []


async def test_the_promised_pages_schema_and_files_are_there(desk: Desk) -> None:
    admin = desk.as_role("admin")
    for path in PAGES:
        response = await admin.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
    for name, kind in (("console.css", "text/css"), ("console.js", "javascript")):
        response = await admin.get(f"/console-static/{name}")
        assert response.status_code == 200
        assert kind in response.headers["content-type"]
    schema = (await admin.get("/openapi.json")).json()
    documented = set(schema["paths"])
    api_paths = {path for _, path, _ in _mounted() if path.startswith("/api/")}
    assert api_paths <= documented
    assert not {path for _, path, _ in _mounted() if not path.startswith("/api/")} & documented
