"""Importera en lista: a coordinator checks a municipality's file first (nothing
saved), then imports it; every row's problem is named; a hostile or missing
file is refused in plain words; a viewer or a forged form imports nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import Senior, Volunteer
from tests.bot.console.conftest import Desk
from tests.bot.console.routes.desk_people import anonymous, console_audit

# Swedish Excel's CSV: semicolons, cp1252, a landline and a row without a number.
LIST = (
    "Namn;Mobil;Språk;Taggar\r\n"
    "Märta Berg;070-111 22 33;svenska;Tyresö\r\n"
    "Aino Virtanen;070-111 22 34;suomi;Tyresö, finska\r\n"
    "Gösta Ek;08-712 34 28;;\r\n"
    "Utan Nummer;;;\r\n"
).encode("cp1252")


async def _count(desk: Desk, model: type[Senior] | type[Volunteer]) -> int:
    async with desk.db.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _post(desk: Desk, role: str, mode: str, data: bytes, *, token: str | None = None) -> str:
    client = desk.as_role(role)
    sent = token if token is not None else await desk.csrf(client, "/import")
    response = await client.post(
        "/import",
        data={"role": "seniors", "mode": mode, "csrf_token": sent},
        files={"file": ("lista.csv", data, "text/csv")},
    )
    return f"{response.status_code} {response.text}"


async def test_a_preview_saves_nothing_and_the_import_names_every_row(desk: Desk) -> None:
    preview = await _post(desk, "coordinator", "preview", LIST)
    assert preview.startswith("200")
    assert "Så här blir det (inget är sparat)" in preview
    assert "4 rader: 3 nya" in preview
    assert "Rad 5:" in preview, "the row without a number is named"
    assert "Rad 4:" in preview, "the landline is warned about"
    assert await _count(desk, Senior) == 0
    assert await console_audit(desk, "seniors.imported") == []

    done = await _post(desk, "coordinator", "import", LIST)
    assert done.startswith("200")
    assert "Importen är klar" in done
    async with desk.db.reading() as session:
        rows = await session.execute(select(Senior.name, Senior.lang))
        langs = {str(name): str(lang) for name, lang in rows}
    assert langs == {"Märta Berg": "sv", "Aino Virtanen": "fi", "Gösta Ek": "sv"}
    [row] = await console_audit(desk, "seniors.imported")
    assert (row.details["created"], row.details["errors"]) == (3, 1)
    again = await _post(desk, "coordinator", "import", LIST)
    assert "0 nya" in again
    assert await _count(desk, Senior) == 3


async def test_no_file_a_binary_file_or_too_big_a_file_is_refused_in_plain_words(
    desk: Desk,
) -> None:
    empty = await _post(desk, "coordinator", "import", b"")
    assert empty.startswith("400")
    assert "Välj en CSV- eller Excel-fil" in empty
    garbage = await _post(desk, "coordinator", "import", bytes(range(256)) * 40)
    assert garbage.startswith("400")
    assert 'role="alert"' in garbage
    huge = await _post(desk, "coordinator", "import", b"Namn;Mobil\r\n" + b"x" * (6 << 20))
    assert huge.startswith("400")
    assert "större än 5 MB" in huge
    assert await _count(desk, Senior) == 0


async def test_a_viewer_a_forged_form_or_a_visitor_imports_nothing(desk: Desk) -> None:
    viewer = desk.as_role("viewer")
    assert (await viewer.get("/import")).status_code == 403
    assert "/import" not in (await viewer.get("/seniors")).text
    refused = await _post(
        desk, "viewer", "import", LIST, token=await desk.csrf(viewer, "/password")
    )
    assert refused.startswith("403")
    forged = await _post(desk, "coordinator", "import", LIST, token="gissad")
    assert forged.startswith("403")
    async with anonymous(desk) as visitor:
        response = await visitor.post(
            "/import",
            data={"role": "seniors", "mode": "import"},
            files={"file": ("lista.csv", LIST, "text/csv")},
        )
    assert response.status_code in (303, 401)
    assert await _count(desk, Senior) == 0
    assert await console_audit(desk, "seniors.imported") == []
