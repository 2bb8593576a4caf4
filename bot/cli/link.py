"""`hejsan link PERSON`: a Telegram deep link and a printable QR code.

A Telegram bot cannot write first; the coordinator prints the QR code, the
senior scans it, and Telegram sends `/start <token>`, which binds the chat.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated

import qrcode
import typer
from qrcode.image.pure import PyPNGImage
from sqlalchemy import select

from bot.channels.telegram import TelegramAdapter, deep_link
from bot.cli.support import ConfigOption, fail, load, out, run, with_database
from bot.core.errors import NotFoundError
from bot.core.phone import InvalidPhoneNumber, normalize_phone
from bot.core.shell import build_shell
from bot.db.database import Database
from bot.db.models import Address, Senior, Volunteer
from bot.people.onboarding import TOKEN_TTL, create_token


async def _find(db: Database, who: str, volunteer: bool) -> Senior | Volunteer:
    """A person by id or by phone number."""
    model: type[Senior] | type[Volunteer] = Volunteer if volunteer else Senior
    async with db.transaction() as session:
        if who.isdigit() and len(who) < 9:
            person = await session.get(model, int(who))
        else:
            try:
                phone = normalize_phone(who)
            except InvalidPhoneNumber:
                raise NotFoundError(
                    f"{who!r}: varken id eller telefonnummer / not an id or phone"
                ) from None
            owner = Address.volunteer_id if volunteer else Address.senior_id
            owner_id = await session.scalar(
                select(owner).where(Address.channel == "sms", Address.value == phone)
            )
            person = await session.get(model, owner_id) if owner_id else None
    if not isinstance(person, Senior | Volunteer):
        role = "volontär / volunteer" if volunteer else "senior"
        raise NotFoundError(f"ingen {role} {who}")
    return person


def _slug(name: str) -> str:
    """A file name a coordinator recognises: "Åsa Öberg" becomes "asa-oberg", not "sa-berg"."""
    letters = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-") or "person"


def link(
    person: Annotated[str, typer.Argument(help="Id or phone number of the person.")],
    volunteer: Annotated[bool, typer.Option("--volunteer", help="PERSON is a volunteer.")] = False,
    qr: Annotated[Path | None, typer.Option("--qr", help="Where to write the QR code PNG.")] = None,
    config: ConfigOption = None,
) -> None:
    """Print a single-use Telegram link for a person and write it as a QR code."""
    settings = load(config)
    if not settings.telegram.enabled:
        fail("Telegram är inte konfigurerat / not configured: set HEJSAN_TELEGRAM_TOKEN")

    async def work(db: Database) -> tuple[str, Senior | Volunteer]:
        who = await _find(db, person, volunteer)
        async with TelegramAdapter(settings.telegram.token, settings.telegram.api_base_url) as bot:
            username = bot.bot_username
        async with db.transaction() as session:
            token = await create_token(
                session,
                senior_id=None if volunteer else who.id,
                volunteer_id=who.id if volunteer else None,
                now=build_shell(settings).now(),
            )
        return deep_link(username, token.token), who

    url, who = run(lambda: with_database(settings, work))
    path = qr or Path("qr") / f"{_slug(who.name)}-{who.id}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as png:  # given a path, the library leaves the file open
        qrcode.make(url, image_factory=PyPNGImage).save(png)
    out.print(url, highlight=False)
    out.print(
        f"QR-kod / QR code: {path}  (gäller en gång, i {TOKEN_TTL.days} dagar / "
        f"single use, valid {TOKEN_TTL.days} days)",
        highlight=False,
    )
