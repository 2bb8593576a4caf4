"""English wording for the console pages, keyed by the Swedish text.

Swedish is the source: a template writes `{{ t("Seniorer") }}` and an English
reader sees the entry here, or the Swedish text while none exists yet.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # seniors, volunteers, events, today, cases pages
    "Status": "Status",
    "Borttagen {day}": "Removed {day}",
    "Avregistrerad": "Opted out",
    "Pausad": "Paused",
    "Aktiv": "Active",
    "Språk": "Language",
    "Taggar": "Tags",
    "Område": "Area",
    "Anteckningar": "Notes",
    "Ja, sedan {day}": "Yes, since {day}",
    "av en samordnare": "by a coordinator",
    "(skrev STOPP själv)": "(wrote STOP themselves)",
    "Nej": "No",
    "Ja, till {day}": "Yes, until {day}",
    "Ja, tills vidare": "Yes, until further notice",
    "Borttagen": "Removed",
    "Ja, {day}: inga fler meddelanden, uppgifterna raderas senare": (
        "Yes, {day}: no more messages, the personal data is erased later"
    ),
    "Trygghetskoll": "Safety check",
    "Varje dag kl. {time}": "Every day at {time}",
    "Av": "Off",
    "Kanaler": "Channels",
    "Simulatorn": "The simulator",
    "Fungerar": "Working",
    "Blockerad": "Blocked",
    "Ingen kanal.": "No channel.",
    "Ändra": "Change",
    "Ta bort {name}?": "Remove {name}?",
    (
        "Hejsan skickar inget mer till seniorn, från och med nu. Uppgifterna raderas efter "
        "lagringstiden; statistiken finns kvar. Det går inte att ångra här."
    ): (
        "Hejsan sends the senior nothing more, from now on. The personal data is erased after the "
        "retention time; the statistics stay. This cannot be undone here."
    ),
    "Ja, ta bort": "Yes, remove",
    "Avbryt": "Cancel",
    "Återuppta nu": "Resume now",
    "Pausa till": "Pause until",
    "Dagen då Hejsan hör av sig igen. Tomt = tills vidare.": (
        "The day Hejsan gets in touch again. Empty = until further notice."
    ),
    "Pausa": "Pause",
    "Registrera igen för seniorns räkning": "Opt back in on the senior's behalf",
    "Avregistrera för seniorns räkning": "Opt out on the senior's behalf",
    "Ta bort seniorn …": "Remove the senior …",
    "Ändra uppgifter": "Edit details",
    "Namn": "Name",
    "Telefon": "Phone",
    "Telegram-chatt-id (tomt = ingen)": "Telegram chat id (empty = none)",
    "Taggar, åtskilda med komma": "Tags, separated by commas",
    "Spara ändringar": "Save changes",
    "Humör, 12 veckor": "Mood, 12 weeks",
    "Humör per vecka som tabell": "Mood per week as a table",
    "Vecka från": "Week from",
    "Bra": "Good",
    "Sådär": "So-so",
    "Dåligt": "Bad",
    "Utan svar": "No answer",
    "Incheckningar": "Check-ins",
    "Frågad": "Asked",
    "Svar": "Answer",
    "Humör": "Mood",
    "Svarat": "Answered",
    "Inte svarat än": "Not answered yet",
    "Missad": "Missed",
    "Inga incheckningar de senaste 12 veckorna.": "No check-ins in the last 12 weeks.",
    "Ärenden": "Cases",
    "Ingen nådd": "Nobody reached",
    "Larm försenat sedan {time}": "Alert overdue since {time}",
    "Inga ärenden.": "No cases.",
    "Träffar": "Events",
    "Inga svar på inbjudningar.": "No answers to invitations.",
    "Konversation": "Conversation",
    "Från {name}": "From {name}",
    "Till {name}": "To {name}",
    "Försenad: inte ute i tid, samordnarna fick veta {time}": (
        "Overdue: not out in time, the coordinators were told at {time}"
    ),
    "Inga meddelanden ännu.": "No messages yet.",
    "Konversationen visas bara för samordnare.": "The conversation is shown to coordinators only.",
    "Seniorer": "Seniors",
    "Sök på namn, telefon, tagg eller område": "Search by name, phone, tag or area",
    "Sök": "Search",
    "1 senior": "1 senior",
    "{n} seniorer": "{n} seniors",
    "för ”{q}”": "for “{q}”",
    "(de första 100)": "(the first 100)",
    "Lägg till en senior": "Add a senior",
    "Pausad till {day}": "Paused until {day}",
    "Ny senior": "New senior",
    "Finns numret redan uppdateras den personen i stället.": (
        "If the number is already there, that person is updated instead."
    ),
    "Telegram-chatt-id (valfritt)": "Telegram chat id (optional)",
    "Lägg till senior": "Add senior",
    "Volontärer": "Volunteers",
    "Organisation": "Organisation",
    "Kan ta ärenden": "Can take cases",
    "Tagna ärenden nu": "Cases held now",
    "Tagna denna månad": "Taken this month",
    "när som helst": "any time",
    "{n} av högst {max}": "{n} of at most {max}",
    "Inga volontärer.": "No volunteers.",
    "Ny volontär": "New volunteer",
    "Lägg till volontär": "Add volunteer",
    "Alla volontärer": "All volunteers",
    "Högst antal ärenden samtidigt": "Most cases at once",
    "Visa ärenden": "Show cases",
    "Volontären får inga fler larm, från och med nu. Uppgifterna raderas efter lagringstiden.": (
        "The volunteer gets no more alerts, from now on. The personal data is erased after the "
        "retention time."
    ),
    "Dagen då volontären får larm igen. Tomt = tills vidare.": (
        "The day the volunteer gets alerts again. Empty = until further notice."
    ),
    "Ta bort volontären …": "Remove the volunteer …",
    "Kan ta ärenden (t.ex. mon-fri 09:00-17:00; tomt = när som helst)": (
        "Can take cases (e.g. mon-fri 09:00-17:00; empty = any time)"
    ),
    "Plats": "Venue",
    "Pris": "Price",
    "Platser": "Seats",
    "{n} tagna": "{n} taken",
    "{free} lediga av {capacity}": "{free} free of {capacity}",
    "Serie": "Series",
    "Del av en serie": "Part of a series",
    "Inställd": "Cancelled",
    "Planerad": "Planned",
    "Ladda ner deltagarlista (CSV)": "Download attendee list (CSV)",
    "Ladda ner deltagarlista (Excel)": "Download attendee list (Excel)",
    "Utskriftsvänlig lista": "Printable list",
    "Ändra träffen": "Change the event",
    "Flyttas tid eller plats får de som tackat ja ett meddelande.": (
        "If the time or venue moves, those who said yes get a message."
    ),
    "Datum": "Date",
    "Klockan": "Time",
    "Antal platser (gäster räknas)": "Number of seats (guests count)",
    "Ställ in": "Cancel",
    "Vad ställs in?": "What is cancelled?",
    "Bara den här träffen": "Only this event",
    "Den här och resten av serien": "This one and the rest of the series",
    "Ja, ställ in. De {n} som tackat ja får ett meddelande.": (
        "Yes, cancel. The {n} who said yes get a message."
    ),
    "Ställ in träffen": "Cancel the event",
    "Ja, ställ in. Ingen har tackat ja än.": "Yes, cancel. Nobody has said yes yet.",
    "Gäster": "Guests",
    "Ingen.": "Nobody.",
    "Kommer": "Coming",
    "Väntelista": "Waiting list",
    "Kanske": "Maybe",
    "Kommer inte": "Not coming",
    "Har inte svarat": "Has not answered",
    "Träff": "Event",
    "När": "When",
    "Platser tagna": "Seats taken",
    "Lediga": "Free",
    "obegränsat": "unlimited",
    "Inga träffar.": "No events.",
    "Ny träff": "New event",
    "Sopplunch": "Soup lunch",
    "Antal platser (gäster räknas; tomt = obegränsat)": (
        "Number of seats (guests count; empty = unlimited)"
    ),
    "Bara seniorer med taggen (tomt = alla)": "Only seniors with the tag (empty = everyone)",
    "Upprepa var N:e vecka (tomt = en gång)": "Repeat every N weeks (empty = once)",
    "Antal tillfällen i serien": "Number of events in the series",
    "Skapa träff": "Create event",
    "Idag": "Today",
    "Behöver en människa nu": "Needs a person now",
    "Ärende #{id}": "Case #{id}",
    "ingen volontär har tagit ärendet om {name} och det finns ingen fler att larma. Ring själv.": (
        "no volunteer has taken the case about {name} and there is nobody left to alert. Call "
        "yourself."
    ),
    "Larm försenat": "Alert overdue",
    "ett larm eller svar om {name} har inte gått ut i tid.": (
        "an alert or reply about {name} has not gone out in time."
    ),
    "Har svarat": "Answered",
    "Missade": "Missed",
    "Öppna ärenden": "Open cases",
    "Att läsa": "To read",
    "Nästa träff": "Next event",
    "{n} platser tagna": "{n} seats taken",
    "{n} lediga": "{n} free",
    "Ingen planerad träff.": "No event planned.",
    "Senior": "Senior",
    "Svarat {time}": "Answered {time}",
    "Visa alla {n}": "Show all {n}",
    "Har svarat idag": "Answered today",
    "Öppna ärenden, mest brådskande och äldsta först": "Open cases, most urgent and oldest first",
    "Ärende": "Case",
    "Brådska": "Urgency",
    "Öppnat": "Opened",
    "Inga öppna ärenden.": "No open cases.",
    "Orsak": "Reason",
    "Alla": "All",
    "Volontär": "Volunteer",
    "Visa": "Show",
    "1 ärende.": "1 case.",
    "{n} ärenden.": "{n} cases.",
    "{n} där ingen nåtts: ring själv.": "{n} where nobody was reached: call yourself.",
    "Ärende {id}": "Case {id}",
    (
        "Ingen volontär har tagit ärendet och det finns ingen fler att larma. Ring seniorn själv "
        "eller tilldela någon."
    ): (
        "No volunteer has taken the case and there is nobody left to alert. Call the senior "
        "yourself or assign someone."
    ),
    "Ett larm eller svar om ärendet gick inte ut i tid ({time}); samordnarna fick ett sms.": (
        "An alert or reply about the case did not go out in time ({time}); the coordinators got a "
        "text."
    ),
    "Citat": "Quote",
    "Tidslinje": "Timeline",
    "Åtgärder": "Actions",
    "Tilldela volontär": "Assign a volunteer",
    "Tilldela": "Assign",
    "Vad gjordes? (valfritt)": "What was done? (optional)",
    "Avsluta ärendet": "Resolve the case",
    "Öppna igen": "Reopen",
    "Ny anteckning": "New note",
    "Spara anteckning": "Save note",
    "Alla öppna": "All open",
    "Larmade": "Alerted",
    "Tagna": "Taken",
    "Avslutade": "Resolved",
    "Brådskande": "Urgent",
    "Normal": "Normal",
    "svenska": "Swedish",
    "engelska": "English",
    "finska": "Finnish",
    "kommer": "coming",
    "kommer inte": "not coming",
    "kanske": "maybe",
    "väntelista": "waiting list",
    "mottaget": "received",
    "i kö": "queued",
    "skickas": "sending",
    "skickat": "sent",
    "levererat": "delivered",
    "misslyckades": "failed",
    "gav upp: kom aldrig fram": "gave up: never delivered",
    "skickades på en annan kanal": "sent on another channel",
    # case reasons and timeline entries (bot/console/routes/cases.py, queries/cases.py)
    "Akut": "Urgent",
    "Vill bli kontaktad": "Wants to be contacted",
    "Svarar inte": "Not answering",
    "Nedstämd": "Low mood",
    "Behöver skjuts": "Needs a ride",
    "Behöver sällskap": "Needs company",
    "Taget": "Taken",
    "Avböjt av en volontär": "Declined by a volunteer",
    "Avslutat": "Resolved",
    "Öppnat igen": "Reopened",
    "Anteckning": "Note",
    "Ingen ny att larma": "Nobody new to alert",
    "Larm skickat": "Alert sent",
    # field hints (bot/console/forms.py)
    "Skriv ett namn, högst 200 tecken.": "Write a name, at most 200 characters.",
    "Skriv ett giltigt telefonnummer som ingen annan har, t.ex. 070-123 45 67.": (
        "Write a valid phone number nobody else has, e.g. 070-123 45 67."
    ),
    "Numret tillhör någon annan i Hejsan.": "The number belongs to someone else in Hejsan.",
    "Ett Telegram-chatt-id är bara siffror och får inte tillhöra någon annan.": (
        "A Telegram chat id is digits only and must not belong to someone else."
    ),
    "Välj svenska, engelska eller finska.": "Choose Swedish, English or Finnish.",
    "En tagg får vara högst 100 tecken.": "A tag may be at most 100 characters.",
    "Välj en dag efter idag, eller lämna tomt för tills vidare.": (
        "Choose a day after today, or leave it empty for until further notice."
    ),
    "Skriv ett heltal, 0 eller mer.": "Write a whole number, 0 or more.",
    "Välj ett datum som inte har varit.": "Choose a date that has not passed.",
    "Välj en tid som inte har varit, t.ex. 12:00.": (
        "Choose a time that has not passed, e.g. 12:00."
    ),
    "Skriv var träffen är.": "Write where the event is.",
    "Skriv antal platser, minst 1, eller lämna tomt för obegränsat.": (
        "Write the number of seats, at least 1, or leave it empty for unlimited."
    ),
    "Kryssa i rutan för att bekräfta.": "Tick the box to confirm.",
    "Det gick inte att spara. Kontrollera fälten.": "Could not save. Check the fields.",
    # notices after a change (bot/console/render.py NOTICES)
    "Personen är tillagd.": "The person is added.",
    "Uppgifterna är sparade.": "The details are saved.",
    "Pausad: Hejsan skickar inget nytt förrän pausen är slut.": (
        "Paused: Hejsan sends nothing new until the pause ends."
    ),
    "Pausen är slut; Hejsan hör av sig igen.": "The pause is over; Hejsan gets in touch again.",
    "Avregistrerad för seniorns räkning; inga fler utskick.": (
        "Opted out on the senior's behalf; no more messages."
    ),
    "Registrerad igen; utskicken börjar igen.": "Opted back in; messages start again.",
    "Borttagen: inga fler meddelanden. Uppgifterna raderas senare.": (
        "Removed: no more messages. The personal data is erased later."
    ),
    "Träffen är ändrad; de som kommer får veta om tid eller plats ändrats.": (
        "The event is changed; those coming are told if the time or venue changed."
    ),
    "Träffen är inställd; de som tackat ja får veta det.": (
        "The event is cancelled; those who said yes are told."
    ),
    # end seniors, volunteers, events, today, cases pages
}
