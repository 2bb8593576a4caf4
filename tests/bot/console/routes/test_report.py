"""Rapport: one month's numbers on a page and in files a Swedish Excel opens right;
every export is audited, and a month written wrong is told so."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from bot.db.models import CheckInResult
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import account_id, add_senior, anonymous, console_audit

STOCKHOLM_OCTOBER = "2026-10"


async def _october(desk: Desk) -> None:
    """Anna in Tyresö answered "good"; Gösta (no area) did not answer."""
    anna = await add_senior(desk, area="Tyresö")
    gosta = await add_senior(desk, "Gösta Berg", "0709876543")
    asked = datetime(2026, 10, 14, 8, 0, tzinfo=desk.shell.tz)
    async with desk.db.transaction() as session:
        for senior_id, mood in ((anna, "good"), (gosta, None)):
            session.add(
                CheckInResult(
                    senior_id=senior_id,
                    campaign="morgon",
                    occurrence="2026-10-14",
                    asked_at=asked,
                    answered_at=asked if mood else None,
                    mood=mood,
                )
            )


async def test_csv_is_utf8_with_bom_and_semicolons_for_the_month_and_area_asked(
    desk: Desk,
) -> None:
    await _october(desk)
    viewer = desk.as_role("viewer")
    everyone = await viewer.get("/report.csv", params={"month": STOCKHOLM_OCTOBER})
    assert everyone.status_code == 200
    assert everyone.headers["content-type"] == "text/csv; charset=utf-8"
    assert everyone.headers["content-disposition"] == (
        'attachment; filename="hejsan-rapport-2026-10.csv"'
    )
    assert everyone.content.startswith(b"\xef\xbb\xbf")
    lines = everyone.content.decode("utf-8-sig").split("\r\n")
    assert lines[:6] == [
        "Mått;Värde",
        "Månad;2026-10",
        "Område;alla",
        "Aktiva seniorer;2",
        "Incheckningar skickade;2",
        "Incheckningar besvarade;1",
    ]
    assert "Andel besvarade (%);50.0" in lines
    assert not [line for line in lines if "Anna" in line or "Gösta" in line]
    assert "Humör bra;1" in lines
    tyreso = await viewer.get(
        "/report.csv", params={"month": STOCKHOLM_OCTOBER, "area": " Tyresö "}
    )
    rows = tyreso.content.decode("utf-8-sig").split("\r\n")
    assert (rows[2], rows[4]) == ("Område;Tyresö", "Incheckningar skickade;1")
    # What a person types for an area is never run as a formula by Excel.
    formula = await viewer.get("/report.csv", params={"area": "=HYPERLINK(1)"})
    assert "Område;'=HYPERLINK(1)" in formula.content.decode("utf-8-sig").split("\r\n")
    exports = await console_audit(desk, "report.exported")
    assert [(r.details["month"], r.details["format"]) for r in exports][:2] == [
        ("2026-10", "csv"),
        ("2026-10", "csv"),
    ]
    assert {r.account_id for r in exports} == {await account_id(desk, "viewer")}


async def test_xlsx_holds_the_same_numbers_as_numbers(desk: Desk) -> None:
    await _october(desk)
    response = await desk.as_role("coordinator").get(
        "/report.xlsx", params={"month": STOCKHOLM_OCTOBER}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="hejsan-rapport-2026-10.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.title == "Rapport 2026-10"
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Mått", "Värde")
    values = dict(rows[1:])
    assert (values["Incheckningar skickade"], values["Andel besvarade (%)"]) == (2, 50.0)
    [row] = await console_audit(desk, "report.exported")
    assert (row.details["format"], row.subject_type) == ("xlsx", "report")


async def test_the_page_shows_the_month_and_a_wrong_month_is_refused(desk: Desk) -> None:
    await _october(desk)
    viewer = desk.as_role("viewer")
    page = (await viewer.get("/report", params={"month": STOCKHOLM_OCTOBER, "area": "Tyresö"})).text
    assert "Rapport 2026-10, Tyresö" in page
    assert "Anna" not in page  # numbers to report upward, never who
    assert "1 bra, 0 sådär, 0 dåligt, 0 utan svar av 1 incheckningar." in page
    assert 'href="/report.csv?month=2026-10&amp;area=Tyres%C3%B6"' in page
    this_month = desk.shell.now().astimezone(desk.shell.tz).strftime("%Y-%m")
    assert f"Rapport {this_month}" in (await viewer.get("/report")).text
    for path in ("/report", "/report.csv", "/report.xlsx"):
        for month in ("2026-13", "oktober", "26-10"):
            wrong = await viewer.get(path, params={"month": month})
            assert wrong.status_code == 400, (path, month)
            assert "ÅÅÅÅ-MM" in wrong.json()["detail"]
        assert (await viewer.get(path, params={"month": "2026-10-01"})).status_code == 422
    assert await console_audit(desk, "report.exported") == []
    async with anonymous(desk) as visitor:
        response = await visitor.get("/report.csv", params={"month": STOCKHOLM_OCTOBER})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/report.csv")
