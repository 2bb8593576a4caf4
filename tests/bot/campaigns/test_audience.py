"""Campaign audiences match tags and areas however the coordinator spelled them."""

from __future__ import annotations

from bot.campaigns.occurrences import in_audience
from bot.core.config import CampaignConfig
from bot.turns.planning import SeniorRow


def _senior(tags: tuple[str, ...], area: str | None) -> SeniorRow:
    return SeniorRow(1, "Anna Lindqvist", "sv", tags, area, None, False)


def _campaign(**audience: list[str]) -> CampaignConfig:
    return CampaignConfig(name="morgon", kind="checkin", schedule="0 10 * * mon", **audience)


def test_tags_match_without_case_accents_or_extra_spaces() -> None:
    campaign = _campaign(audience_tags=["tyreso"])
    assert in_audience(_senior(("Tyresö",), None), campaign)
    assert in_audience(_senior((" TYRESÖ ",), None), campaign)
    assert not in_audience(_senior(("Haninge",), None), campaign)


def test_campaigns_can_target_areas() -> None:
    campaign = _campaign(audience_areas=["Västra Frölunda"])
    assert in_audience(_senior((), "västra  frölunda"), campaign)
    assert not in_audience(_senior(("västra frölunda",), "Askim"), campaign)


def test_tags_or_areas_either_will_do() -> None:
    campaign = _campaign(audience_tags=["sopplunch"], audience_areas=["Bollmora"])
    assert in_audience(_senior(("Sopplunch",), "Trollbäcken"), campaign)
    assert in_audience(_senior((), "BOLLMORA"), campaign)
    assert not in_audience(_senior((), "Trollbäcken"), campaign)
