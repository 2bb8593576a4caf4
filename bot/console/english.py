"""English wording for the console pages, keyed by the Swedish text.

Swedish is the source: a template writes `{{ t("Seniorer") }}` and an English
reader sees the entry here, or the Swedish text while none exists yet.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # safety page
    "Trygghetskoll": "Safety check",
    "Trygghetskoll och närstående": "Safety check and close contacts",
    "Tillbaka till seniorens sida": "Back to the senior's page",
    "Daglig trygghetskoll": "Daily safety check",
    "Status": "Status",
    "På": "On",
    "Av": "Off",
    "kl.": "at",
    "Påminnelser": "Reminders",
    "min": "min",
    "Inga": "None",
    "Nästa gång": "Next time",
    "Pausad av seniorn": "Paused by the senior",
    "Ja, till": "Yes, until",
    "Ja": "Yes",
    "Nej": "No",
    "Närstående först": "Close contacts first",
    "Ja, före volontärerna": "Yes, before the volunteers",
    "Nej, volontärerna först": "No, the volunteers first",
    "Svarar seniorn inte efter sista påminnelsen öppnas ett brådskande ärende samma förmiddag.": (
        "If the senior does not answer after the last reminder, an urgent case is opened "
        "the same morning."
    ),
    "Trygghetskoll varje dag": "Safety check every day",
    "Klockslag (TT:MM)": "Time (HH:MM)",
    "Påminnelser, minuter efter frågan (t.ex. 30,60)": (
        "Reminders, minutes after the question (e.g. 30,60)"
    ),
    "Spara trygghetskollen": "Save the safety check",
    "Närstående": "Close contacts",
    "Namn": "Name",
    "Relation": "Relation",
    "Telefon": "Phone",
    "Telegram": "Telegram",
    "Har nyckel": "Has a key",
    "Larmas": "Alerted",
    "Samtycke registrerat av": "Consent recorded by",
    "Ändra": "Change",
    "Först, före volontärerna": "First, before the volunteers",
    "Tillsammans med volontärerna": "Together with the volunteers",
    "Larma med volontärerna:": "Alert with the volunteers:",
    "Larma först:": "Alert first:",
    "Larma med volontärerna": "Alert with the volunteers",
    "Larma först": "Alert first",
    "Ta bort": "Remove",
    "Inga närstående ännu.": "No close contacts yet.",
    "Närstående larmas bara om den här seniorens ärenden när hon eller han inte svarar på "
    "trygghetskollen, och svarar som volontärer (OK 17 / KLAR 17).": (
        "Close contacts are alerted only about this senior's cases when she or he does not "
        "answer the safety check, and answer like volunteers (OK 17 / KLAR 17)."
    ),
    "Lägg till närstående": "Add a close contact",
    "Telegram-chatt-id (valfritt)": "Telegram chat id (optional)",
    "Relation (t.ex. dotter, granne)": "Relation (e.g. daughter, neighbour)",
    "Har nyckel till bostaden": "Has a key to the home",
    "Larmas först, före volontärerna": "Alerted first, before the volunteers",
    "Seniorn har samtyckt till att den närstående larmas": (
        "The senior has agreed that this close contact is alerted"
    ),
    "Seniorns samtycke måste vara registrerat innan en närstående läggs till.": (
        "The senior's consent must be recorded before a close contact is added."
    ),
    "Skriv ett klockslag (TT:MM) för trygghetskollen.": (
        "Write a time (HH:MM) for the safety check."
    ),
    "Ingen nådd": "Nobody reached",
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
    "Ja, till {day}": "Yes, until {day}",
    "Ja, tills vidare": "Yes, until further notice",
    "Borttagen": "Removed",
    "Ja, {day}: inga fler meddelanden, uppgifterna raderas senare": (
        "Yes, {day}: no more messages, the personal data is erased later"
    ),
    "Varje dag kl. {time}": "Every day at {time}",
    "Kanaler": "Channels",
    "Simulatorn": "The simulator",
    "Fungerar": "Working",
    "Blockerad": "Blocked",
    "Ingen kanal.": "No channel.",
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
    "Finns numret redan uppdateras den personen med det du fyller i; tomma fält behålls.": (
        "If the number is already there, that person gets what you fill in; empty fields are kept."
    ),
    # the import page (bot/console/routes/people_import.py)
    "Importera en lista": "Import a list",
    (
        "En CSV- eller Excel-fil med en rubrikrad: namn och mobilnummer, gärna språk, taggar "
        "och område. Den som redan finns med samma nummer uppdateras; den som tagits bort "
        "läggs inte till igen."
    ): (
        "A CSV or Excel file with a header row: name and mobile number, and if you have"
        " them language, tags and area. Someone already there with the same number is"
        " updated; someone removed is not added again."
    ),
    "Så här blir det (inget är sparat)": "What it would change (nothing is saved)",
    "Importen är klar": "The import is done",
    (
        "{rows} rader: {created} nya, {updated} ändrade, {unchanged} oförändrade, {errors} fel, "
        "{warnings} varningar."
    ): (
        "{rows} rows: {created} new, {updated} changed, {unchanged} unchanged, {errors}"
        " errors, {warnings} warnings."
    ),
    "Ser det rätt ut? Välj filen igen och tryck Importera.": (
        "Does it look right? Choose the file again and press Import."
    ),
    "Fel (raden importeras inte)": "Errors (the row is not imported)",
    "Varningar (raden importeras)": "Warnings (the row is imported)",
    "Rad {row}:": "Row {row}:",
    "Listan gäller": "The list is of",
    "Fil (.csv eller .xlsx, högst 5 MB)": "File (.csv or .xlsx, at most 5 MB)",
    "Visa vad som ändras": "Show what changes",
    "Importera": "Import",
    "Välj en CSV- eller Excel-fil (.csv eller .xlsx).": (
        "Choose a CSV or Excel file (.csv or .xlsx)."
    ),
    "Filen är större än 5 MB. Dela upp listan i flera filer.": (
        "The file is larger than 5 MB. Split the list into several files."
    ),
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
    "Antal tillfällen gäller en serie: fyll också i var hur många veckor.": (
        "The number of dates is for a series: also fill in every how many weeks."
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
    # shell, accounts, campaigns, report, review
    # -- the frame of every page: navigation, roles, notices
    "Hoppa till innehållet": "Skip to content",
    "Huvudmeny": "Main menu",
    "Kampanjer": "Campaigns",
    "Rapport": "Report",
    "Konton": "Accounts",
    "Granskningslogg": "Audit log",
    "Administratör": "Administrator",
    "Samordnare": "Coordinator",
    "Läsbehörighet": "Read-only",
    "Byt lösenord": "Change password",
    "Simulator": "Simulator",
    "Övningssimulator": "Practice simulator",
    "Logga ut": "Log out",
    "Du loggas snart ut eftersom du inte har gjort något på en stund. "
    "Ladda om sidan för att fortsätta.": "You will soon be logged out because you have been "
    "inactive for a while. Reload the page to continue.",
    "Ärendet är ditt nu.": "The case is yours now.",
    "Ärendet är tilldelat.": "The case is assigned.",
    "Ärendet är avslutat.": "The case is resolved.",
    "Ärendet är öppnat igen.": "The case is reopened.",
    "Anteckningen är sparad.": "The note is saved.",
    "Markerat som hanterat.": "Marked as handled.",
    "Ett ärende är öppnat och volontärer larmas.": "A case is open and volunteers are alerted.",
    "Svaret är köat och skickas strax.": "The reply is queued and goes out shortly.",
    "Ändringen är sparad.": "The change is saved.",
    "Kampanjen är pausad.": "The campaign is paused.",
    "Kampanjen är igång igen.": "The campaign is running again.",
    "Utskicket är köat.": "The send-out is queued.",
    "Dagens utskick är redan gjort; inget skickades två gånger.": "Today's send-out is already "
    "done; nothing was sent twice.",
    "Kampanjen är pausad; inget skickades.": "The campaign is paused; nothing was sent.",
    "Skapat.": "Created.",
    "Lösenordet är bytt.": "The password is changed.",
    "Kontot är avstängt.": "The account is disabled.",
    "Inget ändrades: någon annan hann före, eller så var det redan gjort.": "Nothing changed: "
    "someone else was first, or it was already done.",
    "Kontot är aktiverat.": "The account is enabled.",
    "Lösenordet är sparat. Logga in med det.": "The password is saved. Log in with it.",
    "Inget humör": "No mood",
    "Öppet": "Open",
    "Larmat": "Alerted",
    "Avbrutet": "Cancelled",
    # -- log in, passwords, set-password links
    "Logga in": "Log in",
    "logga in": "log in",
    "E-postadress": "E-mail address",
    "Lösenord": "Password",
    "Prova Hejsan utan telefon:": "Try Hejsan without a phone:",
    "simulatorn": "the simulator",
    "Fel e-postadress eller lösenord.": "Wrong e-mail address or password.",
    "För många försök. Kontot är låst en kort stund; försök igen om 15 minuter.": "Too many "
    "attempts. The account is locked for a short while; try again in 15 minutes.",
    "Nuvarande lösenord": "Current password",
    "Nytt lösenord (minst 10 tecken)": "New password (at least 10 characters)",
    "Nytt lösenord igen": "New password again",
    "Det nuvarande lösenordet stämmer inte.": "The current password is not right.",
    "De två nya lösenorden är inte lika.": "The two new passwords are not the same.",
    "Lösenordet måste ha minst {n} tecken.": "The password needs at least {n} characters.",
    "Välj lösenord": "Choose a password",
    "Spara lösenordet": "Save the password",
    "Kontot {email} får här sitt lösenord. Länken fungerar en gång.": "Here the account {email} "
    "gets its password. The link works once.",
    "Länken fungerar inte: den är redan använd eller för gammal (en länk gäller i 24 timmar).": (
        "The link does not work: it has been used already or is too old (a link is valid for "
        "24 hours)."
    ),
    "För många försök härifrån. Vänta en kvart och försök igen.": "Too many attempts from here. "
    "Wait a quarter of an hour and try again.",
    "Be en administratör om en ny länk, eller": "Ask an administrator for a new link, or",
    "om du redan har ett lösenord.": "if you already have a password.",
    # -- accounts and audit log
    "Länk för att välja lösenord till {email}:": "Link to choose a password for {email}:",
    "Ge länken till personen på ett säkert sätt; den visas bara nu, fungerar en gång och gäller "
    "i {hours} timmar.": "Give the link to the person in a safe way; it is shown only now, "
    "works once and is valid for {hours} hours.",
    "E-post": "E-mail",
    "Roll": "Role",
    "Senast inloggad": "Last logged in",
    "Avstängt": "Disabled",
    "Aktivt": "Active",
    "Inget lösenord ännu": "No password yet",
    "Roll för {email}": "Role for {email}",
    "Byt roll": "Change role",
    "Aktivera": "Enable",
    "Stäng av": "Disable",
    "Ny lösenordslänk": "New password link",
    "Du": "You",
    "Nytt konto": "New account",
    "Personen får en länk där hon eller han väljer sitt lösenord; du ser det aldrig.": "The "
    "person gets a link to choose their own password; you never see it.",
    "Skapa konto": "Create account",
    "Vem som såg eller ändrade vad, när och varifrån. Innehåll i meddelanden loggas aldrig.": (
        "Who saw or changed what, when and from where. Message content is never logged."
    ),
    "Senior-id": "Senior id",
    "Händelse (t.ex. conversation.viewed)": "Action (e.g. conversation.viewed)",
    "Filtrera": "Filter",
    "Tid": "Time",
    "Konto": "Account",
    "Händelse": "Action",
    "Gäller": "Subject",
    "IP": "IP",
    # -- campaigns
    "Kampanj": "Campaign",
    "Kampanj:": "Campaign:",
    "Ändringar gäller direkt, utan omstart.": "Changes take effect at once, without a restart.",
    "Typ": "Kind",
    "Senast": "Last",
    "Källa": "Source",
    "Konfigurationsfilen": "Configuration file",
    "Konsolen": "Console",
    "Inga kampanjer ännu.": "No campaigns yet.",
    "Igång": "Running",
    "Incheckning": "Check-in",
    "Inbjudan": "Invitation",
    "Meddelande": "Message",
    "Incheckning (”Hur mår du idag?”)": "Check-in (“How are you today?”)",
    "Schemalagd i tjänsten": "Scheduled in the service",
    "inte i den här processen": "not in this process",
    "Från konfigurationsfilen (ändringar här gäller ändå)": "From the configuration file "
    "(changes made here still apply)",
    "Skapad i konsolen": "Created in the console",
    "Ny kampanj": "New campaign",
    "Veckodagar": "Days of the week",
    "mån": "Mon",
    "tis": "Tue",
    "ons": "Wed",
    "tors": "Thu",
    "fre": "Fri",
    "lör": "Sat",
    "sön": "Sun",
    "alla dagar": "every day",
    "{days} kl. {time}": "{days} at {time}",
    "Hur ofta": "How often",
    "varje vecka": "every week",
    "varannan vecka": "every other week",
    "var {n}:e vecka": "every {n} weeks",
    "Avancerat: cron-uttryck": "Advanced: cron expression",
    "Cron (ersätter dagar och tid om det ändras)": "Cron (replaces days and time if changed)",
    "Text på svenska (tom = standardtexten; {name} blir förnamnet)": "Text in Swedish (empty = "
    "the standard text; {name} becomes the first name)",
    "Text på engelska (tom = standardtexten; {name} blir förnamnet)": "Text in English (empty = "
    "the standard text; {name} becomes the first name)",
    "Standardtexten används.": "The standard text is used.",
    "SMS-delar: {segments} ({chars} tecken, GSM-7).": "SMS segments: {segments} ({chars} "
    "characters, GSM-7).",
    "SMS-delar: {segments} ({chars} tecken, UCS-2: ett tecken utanför SMS-alfabetet, t.ex. en "
    "emoji, gör att bara 70 tecken ryms per SMS).": "SMS segments: {segments} ({chars} "
    "characters, UCS-2: a character outside the SMS alphabet, such as an emoji, means only 70 "
    "characters fit in one SMS).",
    "Mottagare: taggar eller områden, kommaseparerade (tomt = alla)": "Recipients: tags or "
    "areas, separated by commas (empty = everyone)",
    "Mottagare: språk (inget valt = alla)": "Recipients: language (none chosen = all)",
    "Svarstid i timmar (tomt = standard)": "Reply window in hours (empty = default)",
    "Spara": "Save",
    "Skapa kampanj": "Create campaign",
    "Utskick": "Send-out",
    "Förhandsgranska": "Preview",
    "Förhandsgranskning": "Preview",
    "Skicka nu (en gång per dag)": "Send now (once a day)",
    "Återuppta": "Resume",
    "{recipients} mottagare, {segments} SMS-delar, kostnad {cost} {currency}.": "{recipients} "
    "recipients, {segments} SMS segments, cost {cost} {currency}.",
    "Hoppas över:": "Skipped:",
    "Kanal": "Channel",
    "Text": "Text",
    "SMS-delar": "SMS segments",
    # -- report
    "Månad (ÅÅÅÅ-MM)": "Month (YYYY-MM)",
    "Område (tomt = alla)": "Area (empty = all)",
    "Ladda ner (CSV)": "Download (CSV)",
    "Ladda ner (Excel)": "Download (Excel)",
    "Svar på incheckningar: humör och uteblivna svar": "Check-in answers: mood and no answer",
    "{good} bra, {ok} sådär, {bad} dåligt, {missing} utan svar av {sent} incheckningar.": (
        "{good} good, {ok} so-so, {bad} bad, {missing} without an answer of {sent} check-ins."
    ),
    "Inget svar": "No answer",
    "Inget svar på trygghetskollen": "No answer to the safety check",
    "Alla siffror": "All figures",
    "Mått": "Measure",
    "Värde": "Value",
    "Aktiva seniorer": "Active seniors",
    "Incheckningar skickade": "Check-ins sent",
    "Incheckningar besvarade": "Check-ins answered",
    "Andel besvarade (%)": "Share answered (%)",
    "Humör bra": "Mood good",
    "Humör sådär": "Mood so-so",
    "Humör dåligt": "Mood bad",
    "Ärenden öppnade": "Cases opened",
    "Ärenden tagna": "Cases claimed",
    "Ärenden avslutade": "Cases resolved",
    "Median minuter till taget": "Median minutes to claim",
    "Platser bokade på träffar": "Seats booked at events",
    "Varav gäster": "Of which guests",
    "Avregistreringar": "Opt-outs",
    "SMS-kostnad ({currency})": "SMS cost ({currency})",
    # -- to read (review) and the printed attendee list
    "Svar som en människa bör läsa, äldst först. {count} väntar.": "Replies a person should "
    "read, oldest first. {count} waiting.",
    "Hejsan är osäker på vad som menas": "Hejsan is unsure what is meant",
    "Hejsan förstod inte svaret": "Hejsan did not understand the reply",
    "Svaret öppnade ett ärende": "The reply opened a case",
    "Svara {name} med egna ord": "Answer {name} in your own words",
    "Skicka svar": "Send reply",
    "Markera som hanterat": "Mark as handled",
    "Öppna ärende": "Open a case",
    "Inget att läsa just nu.": "Nothing to read right now.",
    "Deltagare: {title}": "Attendees: {title}",
    "{taken} platser av {capacity}.": "{taken} seats of {capacity}.",
    "{taken} platser.": "{taken} seats.",
    "Kom": "Came",
    "Tillbaka": "Back",
    # end shell, accounts, campaigns, report, review
    # -- found missing by the mirrored tests (tests/bot/console/test_english.py)
    "bra": "good",
    "sådär": "so-so",
    "dåligt": "bad",
    "Humör de senaste {weeks} veckorna: {good} bra, {ok} sådär, {bad} dåligt; "
    "{missed} incheckningar utan svar.": (
        "Mood over the last {weeks} weeks: {good} good, {ok} so-so, {bad} bad; "
        "{missed} check-ins without an answer."
    ),
    # end found missing
}
