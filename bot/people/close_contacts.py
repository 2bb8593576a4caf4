"""Close contacts ("närstående"): a senior's relative or neighbour on the ladder.

A close contact is a Volunteer row (name, language, addresses: reached and
answering "OK 17" / "KLAR 17" exactly like a volunteer) joined to one senior
by a CloseContact row that records the senior's consent. Routing never picks
a close contact for anyone else's case, and a claim needs an alert, so a
close contact sees only this senior's cases. Nor are they on the volunteers'
list: they belong to their senior. A removed close contact keeps the row
(past alerts name them) with the Volunteer marked removed, and is erased
with the other removed people after `[privacy] retention_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.types import Channel
from bot.core.phone import normalize_phone
from bot.db.models import Address, CloseContact, Senior, Volunteer


class CloseContactError(ValueError):
    """The close contact cannot be added as asked; the message says why."""


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    relation: str
    has_key: bool
    first_tier: bool
    phone: str
    consent_by: str
    telegram: str = ""
    consent_at: datetime | None = None


async def add_close_contact(
    session: AsyncSession,
    senior_id: int,
    *,
    name: str,
    phone: str,
    relation: str,
    has_key: bool,
    first_tier: bool,
    consent_by: str,
    now: datetime,
    telegram: str | None = None,
) -> CloseContact:
    """Add a close contact with the senior's consent (who recorded it),
    reached by SMS, and by Telegram too when a chat id is given."""
    senior = await session.get(Senior, senior_id)
    if senior is None:
        raise CloseContactError(f"ingen senior / no senior {senior_id}")
    if not consent_by.strip():
        raise CloseContactError(
            "seniorns samtycke måste registreras / the senior's consent must be recorded "
            "(--consent-by)"
        )
    wanted = list(_addresses_wanted(phone, telegram).items())
    await _refuse_taken(session, wanted)
    volunteer = Volunteer(
        name=name.strip(), lang=senior.lang, tags=[], availability="", active=True
    )
    session.add(volunteer)
    await session.flush()
    for channel, value in wanted:
        session.add(
            Address(channel=channel, value=value, volunteer_id=volunteer.id, created_at=now)
        )
    contact = CloseContact(
        senior_id=senior_id,
        volunteer_id=volunteer.id,
        relation=relation.strip(),
        has_key=has_key,
        first_tier=first_tier,
        consent_by=consent_by.strip(),
        consent_at=now,
        created_at=now,
    )
    session.add(contact)
    await session.flush()
    return contact


def _addresses_wanted(phone: str, telegram: str | None) -> dict[str, str]:
    """{channel: value} a close contact is to be reached at: the number
    normalised, and a chat id when one is given (digits only; "" or None: none)."""
    wanted = {Channel.SMS.value: normalize_phone(phone)}
    if telegram:
        chat = telegram.strip()
        if not chat.lstrip("-").isdigit():
            raise CloseContactError(
                f"inget Telegram-chatt-id / not a Telegram chat id: {telegram!r}"
            )
        wanted[Channel.TELEGRAM.value] = chat
    return wanted


async def _refuse_taken(session: AsyncSession, wanted: list[tuple[str, str]]) -> None:
    """One address, one person: a number already in Hejsan is refused."""
    for channel, value in wanted:
        taken = await session.scalar(
            select(Address).where(Address.channel == channel, Address.value == value)
        )
        if taken is not None:
            raise CloseContactError(
                f"den adressen ({channel}) finns redan i Hejsan / "
                f"that {channel} address already belongs to someone in Hejsan"
            )


async def list_close_contacts(session: AsyncSession, senior_id: int) -> list[ContactRow]:
    """The senior's close contacts (not those removed), first added first."""
    rows = await session.execute(
        select(CloseContact, Volunteer)
        .join(Volunteer, Volunteer.id == CloseContact.volunteer_id)
        .where(CloseContact.senior_id == senior_id, Volunteer.removed_at.is_(None))
        .order_by(CloseContact.id)
    )
    found: list[ContactRow] = []
    for contact, volunteer in rows:
        addresses = {
            channel: value
            for channel, value in await session.execute(
                select(Address.channel, Address.value).where(Address.volunteer_id == volunteer.id)
            )
        }
        found.append(
            ContactRow(
                contact.id,
                volunteer.name,
                contact.relation,
                contact.has_key,
                contact.first_tier,
                addresses.get(Channel.SMS.value, ""),
                contact.consent_by,
                addresses.get(Channel.TELEGRAM.value, ""),
                contact.consent_at,
            )
        )
    return found


async def _contact_of(
    session: AsyncSession, senior_id: int, contact_id: int
) -> tuple[CloseContact, Volunteer] | None:
    """The senior's close contact `contact_id` (None: not theirs, or removed)."""
    contact = await session.get(CloseContact, contact_id)
    if contact is None or contact.senior_id != senior_id:
        return None
    volunteer = await session.get(Volunteer, contact.volunteer_id)
    if volunteer is None or volunteer.removed_at is not None:
        return None
    return contact, volunteer


async def remove_close_contact(
    session: AsyncSession, senior_id: int, contact_id: int, now: datetime
) -> bool:
    """Remove the close contact: never alerted again, their addresses freed
    (their past alerts stay, and the name until the retention erases it)."""
    found = await _contact_of(session, senior_id, contact_id)
    if found is None:
        return False
    _, volunteer = found
    volunteer.active = False
    volunteer.removed_at = now
    for address in await session.scalars(
        select(Address).where(Address.volunteer_id == volunteer.id)
    ):
        await session.delete(address)
    return True


async def edit_close_contact(
    session: AsyncSession,
    senior_id: int,
    contact_id: int,
    *,
    name: str,
    phone: str,
    relation: str,
    has_key: bool,
    telegram: str | None,
    now: datetime,
) -> bool:
    """Correct a close contact's name, number, chat id, relation or key; the
    senior's consent stands. False: not this senior's contact (or removed)."""
    found = await _contact_of(session, senior_id, contact_id)
    if found is None:
        return False
    contact, volunteer = found
    if not name.strip():
        raise CloseContactError("namnet saknas / the name is missing")
    wanted = _addresses_wanted(phone, telegram)
    current = {
        address.channel: address
        for address in await session.scalars(
            select(Address).where(Address.volunteer_id == volunteer.id)
        )
    }
    new = [(c, v) for c, v in wanted.items() if c not in current or current[c].value != v]
    await _refuse_taken(session, new)
    for channel, value in new:
        if channel in current:
            current[channel].value = value
        else:
            session.add(
                Address(channel=channel, value=value, volunteer_id=volunteer.id, created_at=now)
            )
    if Channel.TELEGRAM.value not in wanted and Channel.TELEGRAM.value in current:
        await session.delete(current[Channel.TELEGRAM.value])
    volunteer.name = name.strip()
    contact.relation = relation.strip()
    contact.has_key = has_key
    await session.flush()
    return True


async def set_first_tier(
    session: AsyncSession, senior_id: int, contact_id: int, first_tier: bool
) -> bool:
    """Ask this close contact before volunteers (True) or together with them."""
    found = await _contact_of(session, senior_id, contact_id)
    if found is None:
        return False
    found[0].first_tier = first_tier
    return True


async def contact_volunteers(
    session: AsyncSession, senior_id: int, *, first_tier_only: bool
) -> list[Volunteer]:
    """The senior's active close contacts (the first tier only, if asked),
    as the Volunteer rows the ladder alerts."""
    query = (
        select(Volunteer)
        .join(CloseContact, CloseContact.volunteer_id == Volunteer.id)
        .where(CloseContact.senior_id == senior_id, Volunteer.active)
        .order_by(CloseContact.id)
    )
    if first_tier_only:
        query = query.where(CloseContact.first_tier)
    return list(await session.scalars(query))


async def first_tier_contacts(
    session: AsyncSession, senior_id: int
) -> list[tuple[Volunteer, Address]]:
    """The close contacts asked first about this senior's "no answer" case."""
    rows = await session.execute(
        select(Volunteer, Address)
        .join(CloseContact, CloseContact.volunteer_id == Volunteer.id)
        .join(Address, Address.volunteer_id == Volunteer.id)
        .where(
            CloseContact.senior_id == senior_id,
            CloseContact.first_tier,
            Volunteer.active,
            Address.unusable_at.is_(None),
        )
        .order_by(CloseContact.id, Address.id)
    )
    seen: set[int] = set()
    found: list[tuple[Volunteer, Address]] = []
    for volunteer, address in rows:
        if volunteer.id not in seen:
            seen.add(volunteer.id)
            found.append((volunteer, address))
    return found
