"""Konton and Granskningslogg over HTTP: what an admin changes lands, and nobody else can."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.database import Database
from bot.db.models import Account
from tests.bot.console.conftest import PASSWORD, Desk
from tests.bot.console.routes.helpers import anonymous, audit_rows


async def _account(db: Database, email: str) -> Account:
    async with db.reading() as session:
        found = await session.scalar(select(Account).where(Account.email == email))
    assert found is not None
    return found


async def _count(db: Database) -> int:
    async with db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(Account)) or 0)


async def _post(desk: Desk, path: str, **data: str) -> int:
    admin = desk.as_role("admin")
    token = await desk.csrf(admin, "/accounts")
    return (await admin.post(path, data={**data, "csrf_token": token})).status_code


async def test_a_new_account_has_no_password_and_its_link_is_shown_once(desk: Desk) -> None:
    admin = desk.as_role("admin")
    token = await desk.csrf(admin, "/accounts")
    form = {"email": "Karin@Kommun.se", "name": "Karin", "role": "viewer", "csrf_token": token}
    response = await admin.post("/accounts", data=form)
    assert response.status_code == 200
    assert "Länk för att välja lösenord till karin@kommun.se" in response.text
    assert "/set-password/" in response.text
    karin = await _account(desk.db, "karin@kommun.se")
    assert (karin.role, karin.password_hash) == ("viewer", None)
    [row] = await audit_rows(desk.db, "account.added")
    assert (row.subject_id, row.details["role"]) == (karin.id, "viewer")
    later = (await admin.get("/accounts")).text
    assert "/set-password/" not in later
    assert "Inget lösenord ännu" in later


async def test_an_email_already_taken_is_refused_with_a_reason(desk: Desk) -> None:
    admin = desk.as_role("admin")
    token = await desk.csrf(admin, "/accounts")
    before = await _count(desk.db)
    form = {"email": "viewer@kommun.se", "name": "Igen", "role": "admin", "csrf_token": token}
    response = await admin.post("/accounts", data=form)
    assert response.status_code == 400
    assert "kontot finns redan" in response.text
    assert await _count(desk.db) == before
    assert (await _account(desk.db, "viewer@kommun.se")).role == "viewer"
    assert await audit_rows(desk.db, "account.added") == []


async def test_a_role_we_do_not_have_is_refused(desk: Desk) -> None:
    before = await _count(desk.db)
    form = {"email": "ny@kommun.se", "name": "Ny", "role": "superuser"}
    assert await _post(desk, "/accounts", **form) == 422
    assert await _count(desk.db) == before


async def test_a_new_role_ends_that_persons_sessions_and_is_audited(desk: Desk) -> None:
    viewer = await _account(desk.db, "viewer@kommun.se")
    assert await _post(desk, f"/accounts/{viewer.id}/role", role="coordinator") == 303
    assert (await _account(desk.db, "viewer@kommun.se")).role == "coordinator"
    logged_out = await desk.as_role("viewer").get("/today")
    assert logged_out.status_code == 303
    assert logged_out.headers["location"].startswith("/login")
    [row] = await audit_rows(desk.db, "account.role_changed")
    assert (row.subject_id, row.details["role"]) == (viewer.id, "coordinator")


async def test_an_admin_cannot_change_their_own_role_or_switch_themself_off(desk: Desk) -> None:
    me = await _account(desk.db, "admin@kommun.se")
    assert await _post(desk, f"/accounts/{me.id}/role", role="viewer") == 400
    assert await _post(desk, f"/accounts/{me.id}/disable") == 400
    after = await _account(desk.db, "admin@kommun.se")
    assert (after.role, after.disabled) == ("admin", False)
    assert (await desk.as_role("admin").get("/accounts")).status_code == 200


async def test_a_disabled_account_is_logged_out_and_cannot_log_in_until_enabled(
    desk: Desk,
) -> None:
    coordinator = await _account(desk.db, "coordinator@kommun.se")
    assert await _post(desk, f"/accounts/{coordinator.id}/disable") == 303
    assert (await desk.as_role("coordinator").get("/today")).status_code == 303
    async with anonymous(desk) as visitor:
        token = await desk.csrf(visitor, "/login")
        form = {"email": "coordinator@kommun.se", "password": PASSWORD, "csrf_token": token}
        refused = await visitor.post("/login", data=form)
        assert refused.status_code == 401
        assert await _post(desk, f"/accounts/{coordinator.id}/enable") == 303
        welcomed = await visitor.post("/login", data=form)
        assert welcomed.status_code == 303
    actions = [r.action for r in await audit_rows(desk.db, "account.disabled")]
    actions += [r.action for r in await audit_rows(desk.db, "account.enabled")]
    assert actions == ["account.disabled", "account.enabled"]


async def test_a_guessed_account_id_is_404_and_writes_no_row(desk: Desk) -> None:
    answers = [
        await _post(desk, "/accounts/987654/link"),
        await _post(desk, "/accounts/987654/role", role="viewer"),
        await _post(desk, "/accounts/987654/disable"),
        await _post(desk, "/accounts/987654/enable"),
    ]
    assert answers == [404, 404, 404, 404]
    assert await audit_rows(desk.db, "password_link.created") == []


async def test_a_coordinator_cannot_add_an_account_even_with_a_token(desk: Desk) -> None:
    coordinator = desk.as_role("coordinator")
    token = await desk.csrf(coordinator, "/password")
    before = await _count(desk.db)
    form = {"email": "smyg@kommun.se", "name": "Smyg", "role": "admin", "csrf_token": token}
    assert (await coordinator.post("/accounts", data=form)).status_code == 403
    target = await _account(desk.db, "viewer@kommun.se")
    promote = await coordinator.post(
        f"/accounts/{target.id}/role", data={"role": "admin", "csrf_token": token}
    )
    assert promote.status_code == 403
    assert await _count(desk.db) == before
    assert (await _account(desk.db, "viewer@kommun.se")).role == "viewer"
    assert (await coordinator.get("/audit")).status_code == 403


async def test_without_the_form_token_an_admin_changes_nothing(desk: Desk) -> None:
    target = await _account(desk.db, "viewer@kommun.se")
    admin = desk.as_role("admin")
    missing = await admin.post(f"/accounts/{target.id}/disable")
    wrong = await admin.post(f"/accounts/{target.id}/disable", data={"csrf_token": "gissat"})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert not (await _account(desk.db, "viewer@kommun.se")).disabled
    assert await audit_rows(desk.db, "account.disabled") == []


async def test_anonymous_visitors_are_sent_to_login(desk: Desk) -> None:
    async with anonymous(desk) as visitor:
        accounts = await visitor.get("/accounts")
        audit_log = await visitor.get("/audit?action=login")
        posted = await visitor.post("/accounts", data={"email": "x@y.se", "name": "X"})
    assert accounts.headers["location"] == "/login?next=/accounts"
    assert audit_log.headers["location"] == "/login?next=/audit%3Faction%3Dlogin"
    assert posted.status_code == 401


async def test_the_audit_log_filters_by_action(desk: Desk) -> None:
    viewer = await _account(desk.db, "viewer@kommun.se")
    assert await _post(desk, f"/accounts/{viewer.id}/link") == 200
    admin = desk.as_role("admin")
    only_links = (await admin.get("/audit?action=password_link.created")).text
    everything = (await admin.get("/audit")).text
    assert "<td>password_link.created</td>" in only_links
    assert "<td>login</td>" not in only_links
    assert "<td>login</td>" in everything
