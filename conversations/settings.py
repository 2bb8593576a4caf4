"""What the engine needs to know about the service, built by the shell from config.

Texts that depend on the language (who gets in touch, roughly when) are
templates (`service.helper`, `service.eta`), so they are overridden per
language like every other text. Volunteer availability changes during the day,
so the shell builds Settings (cheaply, with `replace`) for each step from the
current volunteer hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from conversations.templates import (
    SUPPORTED_LANGUAGES,
    Templates,
    UnknownLanguageError,
    load_templates,
)

DEFAULT_LANGS = SUPPORTED_LANGUAGES


@dataclass(frozen=True, slots=True)
class Settings:
    """The service as the engine sees it.

    `help_available_now` says whether a volunteer is on duty now; when not,
    the senior is told honestly that help comes at `help_next_available` (an
    aware datetime, shown as "i morgon kl 08.00"), or "as soon as someone
    can" when that is unknown.
    """

    templates: Mapping[str, Templates]
    organisation: str = "kommunen"
    service_name: str = "Hejsan"
    coordinator_phone: str = ""
    default_lang: str = "sv"
    reply_window: timedelta = timedelta(hours=4)
    help_available_now: bool = True
    help_next_available: datetime | None = None
    # A second contact request within this time does not open a second escalation.
    contact_repeat_window: timedelta = timedelta(hours=12)
    # This many bad moods in a row make a `MoodStreak` fact (a "low mood" case).
    bad_moods_before_escalation: int = 3

    def templates_for(self, lang: str) -> Templates:
        """The senior's language, or the service default if we have no texts for it."""
        return self.templates.get(lang) or self.templates[self.default_lang]

    @classmethod
    def build(
        cls,
        *,
        organisation: str = "kommunen",
        service_name: str = "Hejsan",
        coordinator_phone: str = "",
        default_lang: str = "sv",
        reply_window: timedelta = timedelta(hours=4),
        help_available_now: bool = True,
        help_next_available: datetime | None = None,
        bad_moods_before_escalation: int = 3,
        template_overrides: Mapping[str, Mapping[str, str]] | None = None,
        langs: tuple[str, ...] = DEFAULT_LANGS,
    ) -> Settings:
        """Settings with the default texts of `langs`, each merged with the
        config's `[templates.<lang>]` overrides.

        Raises a TemplateError naming the key on a bad override, and
        UnknownLanguageError for overrides of a language not in `langs`.
        """
        overrides = dict(template_overrides or {})
        for lang in overrides:
            if lang not in langs:
                raise UnknownLanguageError(lang, None, f"not one of {', '.join(langs)}")
        templates = {lang: load_templates(lang, overrides.get(lang)) for lang in langs}
        if default_lang not in templates:
            raise UnknownLanguageError(default_lang, None, "default language has no texts")
        return cls(
            templates=templates,
            organisation=organisation,
            service_name=service_name,
            coordinator_phone=coordinator_phone,
            default_lang=default_lang,
            reply_window=reply_window,
            help_available_now=help_available_now,
            help_next_available=help_next_available,
            bad_moods_before_escalation=bad_moods_before_escalation,
        )
