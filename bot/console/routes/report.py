"""Rapport / Report: one month's numbers, a chart, and CSV/XLSX exports."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from bot.console import audit
from bot.console.auth import Console, client_ip, console, viewer_page
from bot.console.charts import bar_chart_svg
from bot.console.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, download_name
from bot.console.queries.report import MonthReport, month_report
from bot.console.render import page, say
from bot.console.sessions import LoggedIn
from bot.core.table_files import csv_bytes, xlsx_bytes

router = APIRouter(include_in_schema=False)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str, today: date) -> date:
    if not text:
        return today.replace(day=1)
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise HTTPException(status_code=400, detail="månad skrivs ÅÅÅÅ-MM / month as YYYY-MM")
    return date(int(match[1]), int(match[2]), 1)


async def load_report(ctx: Console, month: str, area: str) -> MonthReport:
    first = parse_month(month, ctx.now().astimezone(ctx.shell.tz).date())
    async with ctx.db.reading() as session:
        return await month_report(
            session,
            first,
            ctx.shell.tz,
            area=area.strip(),
            price_per_segment=ctx.config.twilio.price_per_segment,
            currency=ctx.config.twilio.currency,
        )


MonthQuery = Annotated[str, Query(max_length=7)]
AreaQuery = Annotated[str, Query(max_length=100)]


@router.get("/report", response_class=HTMLResponse)
async def report_page(
    request: Request,
    month: MonthQuery = "",
    area: AreaQuery = "",
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    report = await load_report(ctx, month, area)
    chart = bar_chart_svg(
        [
            (say(request, "Bra"), report.moods["good"]),
            (say(request, "Sådär"), report.moods["ok"]),
            (say(request, "Dåligt"), report.moods["bad"]),
            (say(request, "Inget svar"), report.checkins_sent - report.checkins_answered),
        ],
        "mood-chart-title",
    )
    return page(request, "report.html", user, report=report, chart=chart, area=area)


async def _export(
    request: Request, user: LoggedIn, ctx: Console, report: MonthReport, kind: str
) -> None:
    async with ctx.db.transaction() as session:
        audit.record(
            session,
            account=user.account,
            action="report.exported",
            now=ctx.now(),
            ip=client_ip(request),
            subject_type="report",
            month=report.month,
            format=kind,
        )


@router.get("/report.csv")
async def report_csv(
    request: Request,
    month: MonthQuery = "",
    area: AreaQuery = "",
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    report = await load_report(ctx, month, area)
    await _export(request, user, ctx, report, "csv")
    name = download_name(f"hejsan-rapport-{report.month}", "csv")
    return Response(
        csv_bytes(("Mått", "Värde"), report.rows()),
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/report.xlsx")
async def report_xlsx(
    request: Request,
    month: MonthQuery = "",
    area: AreaQuery = "",
    user: LoggedIn = Depends(viewer_page),
    ctx: Console = Depends(console),
) -> Response:
    report = await load_report(ctx, month, area)
    await _export(request, user, ctx, report, "xlsx")
    name = download_name(f"hejsan-rapport-{report.month}", "xlsx")
    return Response(
        xlsx_bytes(("Mått", "Värde"), report.rows(), title=f"Rapport {report.month}"),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
