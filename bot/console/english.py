"""English wording for the console pages, keyed by the Swedish text.

Swedish is the source: a template writes `{{ t("Seniorer") }}` and an English
reader sees the entry here, or the Swedish text while none exists yet.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {}
