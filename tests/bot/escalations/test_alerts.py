"""What an alert quotes of the senior's words: short, on one line."""

from __future__ import annotations

from bot.escalations.alerts import quote_text
from bot.escalations.cases import ALERT_QUOTE_CHARS


def test_a_short_quote_is_kept_on_one_line() -> None:
    assert quote_text("ring mig\n  snälla") == "ring mig snälla"


def test_a_long_quote_is_cut_at_the_alert_length_and_says_so() -> None:
    quoted = quote_text("jag har ramlat och " * 20)
    assert len(quoted) <= ALERT_QUOTE_CHARS
    assert quoted.endswith("...")
    assert quoted.startswith("jag har ramlat")
