"""Who hears a campaign and what they read: audiences and personal texts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.campaigns.occurrences import campaign_event, campaign_events, in_audience, personal
from bot.core.config import CampaignConfig
from bot.turns.planning import SeniorRow
from conversations.events import CheckInPrompt, MessagePrompt

ANNA = SeniorRow(1, "Anna Lindqvist", "sv", ("sopplunch",), "Tyresö", None, False)
JOHN = SeniorRow(2, "John Smith", "en", (), None, None, False)


def campaign(**fields: Any) -> CampaignConfig:
    return CampaignConfig.model_validate(
        {"name": "morgonkoll", "kind": "checkin", "schedule": "0 10 * * *", **fields}
    )


def test_an_audience_is_tags_or_areas_and_languages() -> None:
    assert in_audience(ANNA, campaign())
    assert in_audience(ANNA, campaign(audience_tags=["Sopplunch"]))
    assert in_audience(ANNA, campaign(audience_orgs=["tyresö"]))
    assert not in_audience(JOHN, campaign(audience_tags=["sopplunch"]))
    assert not in_audience(ANNA, campaign(audience_langs=["en"]))
    assert in_audience(JOHN, campaign(audience_langs=["en"]))


def test_a_coordinators_text_greets_by_first_name_and_keeps_other_braces() -> None:
    assert personal("Hej {name}! Lunch {datum}?", ANNA) == "Hej Anna! Lunch {datum}?"
    assert personal("Trasig {", ANNA) == "Trasig {"


def test_a_check_in_uses_the_seniors_language_then_the_default() -> None:
    texts = {"sv": "Hej {name}, hur är läget?"}
    event = campaign_event(
        campaign(text=texts, reply_window_hours=2), "2026-12-02T10:00", JOHN, "sv"
    )
    assert event == CheckInPrompt(
        campaign="morgonkoll",
        occurrence="2026-12-02T10:00",
        text_override="Hej John, hur är läget?",
        reply_window=timedelta(hours=2),
    )


def test_a_message_campaign_without_text_sends_nothing() -> None:
    message = campaign(kind="message", text={"sv": "Glöm inte {name}!"})
    assert campaign_event(message, "o", ANNA, "sv") == MessagePrompt("Glöm inte Anna!")
    assert campaign_event(campaign(kind="message"), "o", ANNA, "sv") is None


def test_many_seniors_with_the_same_first_name_share_one_prompt() -> None:
    make = campaign_events(campaign(text={"sv": "Hej {name}"}), "o", "sv")
    other_anna = ANNA._replace(id=3, name="Anna Berg")
    assert make(ANNA) is make(other_anna)
    assert make(ANNA) is not make(JOHN)
