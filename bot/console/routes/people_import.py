"""Importera en lista / Import a list: the municipality's CSV or Excel file of
seniors or volunteers, checked first (nothing saved) and then imported, by
the same service as `hejsan seniors import` — so a coordinator never needs
the terminal to load the lists Hejsan starts from."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from bot.console import audit
from bot.console.auth import Console, client_ip, console, coordinator_form, coordinator_page
from bot.console.render import page
from bot.console.sessions import LoggedIn
from bot.people.directory import Role
from bot.people.list_import import ImportReport, ListImportError, import_people

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a list of 100,000 people is well under this
ROLES = {"seniors": Role.SENIOR, "volunteers": Role.VOLUNTEER}
NO_FILE = "Välj en CSV- eller Excel-fil (.csv eller .xlsx)."
TOO_BIG = "Filen är större än 5 MB. Dela upp listan i flera filer."


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, user: LoggedIn = Depends(coordinator_page)) -> HTMLResponse:
    return page(request, "import.html", user, role="seniors", report=None, error=None)


@router.post("/import", response_class=HTMLResponse)
async def import_list(
    request: Request,
    user: LoggedIn = Depends(coordinator_form),
    ctx: Console = Depends(console),
) -> Response:
    """`mode=preview` shows what the file would change and saves nothing;
    `mode=import` saves it. Either way the page lists every row's problem."""
    form = await request.form()
    role_name = str(form.get("role", ""))
    role_name = role_name if role_name in ROLES else "seniors"
    role = ROLES[role_name]
    preview = form.get("mode") != "import"
    data = await _read(form.get("file"))
    error = NO_FILE if not data else TOO_BIG if len(data) > MAX_UPLOAD_BYTES else None
    report: ImportReport | None = None
    if error is None:
        try:
            report = await _import(request, user, ctx, role, data, preview=preview)
        except ListImportError as exc:
            error = str(exc)
    return page(
        request,
        "import.html",
        user,
        status_code=200 if error is None else 400,
        role=role_name,
        report=report,
        error=error,
    )


async def _read(upload: object) -> bytes:
    """At most one byte over the limit (enough to say it is too big); closed after."""
    if not isinstance(upload, UploadFile):
        return b""
    try:
        return await upload.read(MAX_UPLOAD_BYTES + 1)
    finally:
        await upload.close()


async def _import(
    request: Request, user: LoggedIn, ctx: Console, role: Role, data: bytes, *, preview: bool
) -> ImportReport:
    async with ctx.db.transaction() as session:
        report = await import_people(
            session,
            role,
            data,
            default_lang=ctx.config.service.default_lang,
            dry_run=preview,
            actor=f"account:{user.account.id}",
            now=ctx.now(),
        )
        if not preview:
            audit.record(
                session,
                account=user.account,
                action=f"{role.value}s.imported",
                now=ctx.now(),
                ip=client_ip(request),
                created=report.created,
                updated=report.updated,
                errors=len(report.errors),
            )
    return report
