"""What `hejsan outbox status` and the console count: every status, and the
urgent messages still unsent, apart from the rest."""

from __future__ import annotations

from sqlalchemy import update

from bot.db.database import Database
from bot.db.models import Address, Message
from bot.db.outbox import enqueue
from bot.db.outbox_status import MessageStatus, is_urgent, outbox_summary


async def test_urgent_unsent_messages_are_counted_apart_from_the_rest(db: Database) -> None:
    async with db.transaction() as session:
        address = Address(channel="sms", value="+46701740620")
        session.add(address)
        await session.flush()
        await enqueue(session, address, "Ärende 4: Anna behöver hjälp", kind="alert")
        await enqueue(session, address, "Ring 112 om det är bråttom", template="urgent.call")
        await enqueue(session, address, "Hur mår du idag?", kind="proactive")
        sent = await enqueue(session, address, "Tack!", kind="reply", template="checkin.good")
        assert sent is not None
        await session.execute(
            update(Message).where(Message.id == sent.id).values(status=MessageStatus.SENT)
        )
    async with db.reading() as session:
        summary = await outbox_summary(session)
    assert summary["queued"] == 3
    assert summary["sent"] == 1
    assert summary["urgent_unsent"] == 2
    assert summary["urgent_overdue"] == 0


def test_an_alert_and_an_answer_to_a_cry_for_help_are_urgent_a_check_in_is_not() -> None:
    assert is_urgent("alert", None)
    assert is_urgent("reply", "urgent.call")
    assert not is_urgent("reply", "checkin.good")
    assert not is_urgent("proactive", "urgent.call")
