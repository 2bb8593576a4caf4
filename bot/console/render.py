"""Rendering console pages: one Jinja2 environment, the shared page context."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from bot.console.accounts import AccountRole
from bot.console.auth import CSRF_FIELD, has_role
from bot.console.english import ENGLISH
from bot.console.sessions import IDLE_WARNING, LoggedIn

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


@pass_context
def translate(context: Context, swedish: str) -> str:
    """The page's wording in the reader's language; Swedish is the source text."""
    if context.get("lang") == "en":
        return ENGLISH.get(swedish, swedish)
    return swedish


templates.env.globals["t"] = translate

# (path, Swedish label, least role): the navigation, in the order coordinators use it.
NAVIGATION = (
    ("/today", "Idag", AccountRole.VIEWER),
    ("/review", "Att läsa", AccountRole.COORDINATOR),
    ("/cases", "Ärenden", AccountRole.VIEWER),
    ("/seniors", "Seniorer", AccountRole.VIEWER),
    ("/volunteers", "Volontärer", AccountRole.VIEWER),
    ("/events", "Träffar", AccountRole.VIEWER),
    ("/campaigns", "Kampanjer", AccountRole.VIEWER),
    ("/report", "Rapport", AccountRole.VIEWER),
    ("/accounts", "Konton", AccountRole.ADMIN),
    ("/audit", "Granskningslogg", AccountRole.ADMIN),
)

# Messages shown after a form post redirects back (?ok=KEY), announced by role="status".
NOTICES = {
    "claimed": "Ärendet är ditt nu.",
    "assigned": "Ärendet är tilldelat.",
    "resolved": "Ärendet är avslutat.",
    "reopened": "Ärendet är öppnat igen.",
    "noted": "Anteckningen är sparad.",
    "handled": "Markerat som hanterat.",
    "case": "Ett ärende är öppnat och volontärer larmas.",
    "answered": "Svaret är köat och skickas strax.",
    "saved": "Ändringen är sparad.",
    "paused": "Kampanjen är pausad.",
    "resumed": "Kampanjen är igång igen.",
    "sent": "Utskicket är köat.",
    "already": "Dagens utskick är redan gjort; inget skickades två gånger.",
    "paused_skip": "Kampanjen är pausad; inget skickades.",
    "created": "Skapat.",
    "password": "Lösenordet är bytt.",
    "disabled": "Kontot är avstängt.",
    "not_changed": "Inget ändrades: någon annan hann före, eller så var det redan gjort.",
    "enabled": "Kontot är aktiverat.",
    # seniors, volunteers, events
    "person_added": "Personen är tillagd.",
    "person_saved": "Uppgifterna är sparade.",
    "person_paused": "Pausad: Hejsan skickar inget nytt förrän pausen är slut.",
    "person_resumed": "Pausen är slut; Hejsan hör av sig igen.",
    "opted_out": "Avregistrerad för seniorns räkning; inga fler utskick.",
    "opted_in": "Registrerad igen; utskicken börjar igen.",
    "person_removed": "Borttagen: inga fler meddelanden. Uppgifterna raderas senare.",
    "event_saved": "Träffen är ändrad; de som kommer får veta om tid eller plats ändrats.",
    "event_cancelled": "Träffen är inställd; de som tackat ja får veta det.",
    # end seniors, volunteers, events
}


def page(
    request: Request,
    name: str,
    user: LoggedIn | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render `name` with the navigation, the CSRF field and any notice."""

    def role_ok(least: AccountRole) -> bool:
        return user is not None and has_role(user.account, least)

    notice = NOTICES.get(request.query_params.get("ok", ""))
    expires: datetime | None = user.expires_at if user else None
    return templates.TemplateResponse(
        request,
        name,
        {
            "user": user.account if user else None,
            "csrf_field": CSRF_FIELD,
            "csrf_token": user.csrf_token if user else "",
            "nav": [(path, label) for path, label, least in NAVIGATION if role_ok(least)],
            "current": request.url.path,
            "can": role_ok,
            "Role": AccountRole,
            "notice": notice,
            "session_expires": expires.isoformat() if expires else "",
            "idle_warning_seconds": int(IDLE_WARNING.total_seconds()),
            "lang": "sv",
            **context,
        },
        status_code=status_code,
    )
