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
from bot.console.auth import (
    ANON_CSRF_COOKIE,
    CSRF_FIELD,
    anonymous_token,
    has_role,
    secure_cookies,
)
from bot.console.english import ENGLISH
from bot.console.sessions import IDLE_WARNING, LoggedIn

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


# The reader's choice of language, kept in a cookie (it is a preference, not
# a login: it works logged out, and changing it changes nothing on the server).
LANG_COOKIE = "hejsan_lang"
LANGUAGES = ("sv", "en")


def reader_lang(request: Request) -> str:
    """The language the reader chose: Swedish unless the cookie says English."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else "sv"


def in_lang(lang: str, swedish: str, **values: Any) -> str:
    """`swedish` in `lang` (Swedish is the source; English from the catalogue,
    or the Swedish text while none exists), with `{name}` fields filled in."""
    text = ENGLISH.get(swedish, swedish) if lang == "en" else swedish
    return text.format(**values) if values else text


def say(request: Request, swedish: str, **values: Any) -> str:
    """Wording a route produces (an error, a chart label) in the reader's language."""
    return in_lang(reader_lang(request), swedish, **values)


@pass_context
def translate(context: Context, swedish: str, **values: Any) -> str:
    """The page's wording in the reader's language; Swedish is the source text."""
    return in_lang(str(context.get("lang", "sv")), swedish, **values)


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

# Role names as the pages show them (Swedish; English through the catalogue).
ROLE_NAMES = {
    AccountRole.ADMIN.value: "Administratör",
    AccountRole.COORDINATOR.value: "Samordnare",
    AccountRole.VIEWER.value: "Läsbehörighet",
}

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
    "password_set": "Lösenordet är sparat. Logga in med det.",
}


def page(
    request: Request,
    name: str,
    user: LoggedIn | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render `name` in the reader's language with the navigation, the CSRF
    field and any notice. A logged-out page gets the double-submit token (its
    forms: log in, set a password, choose a language)."""

    def role_ok(least: AccountRole) -> bool:
        return user is not None and has_role(user.account, least)

    notice = NOTICES.get(request.query_params.get("ok", ""))
    expires: datetime | None = user.expires_at if user else None
    token = user.csrf_token if user else anonymous_token(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = templates.TemplateResponse(
        request,
        name,
        {
            "user": user.account if user else None,
            "csrf_field": CSRF_FIELD,
            "csrf_token": token,
            "nav": [(path, label) for path, label, least in NAVIGATION if role_ok(least)],
            "current": request.url.path,
            "here": here,
            "can": role_ok,
            "Role": AccountRole,
            "notice": notice,
            "session_expires": expires.isoformat() if expires else "",
            "idle_warning_seconds": int(IDLE_WARNING.total_seconds()),
            "lang": reader_lang(request),
            "role_names": ROLE_NAMES,
            "simulator_only": request.app.state.config.simulator_only,
            **context,
        },
        status_code=status_code,
    )
    if user is None:
        response.set_cookie(
            ANON_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request),
        )
    return response
