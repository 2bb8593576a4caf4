"""English wording for the console pages, keyed by the Swedish text.

Swedish is the source: a template writes `{{ t("Seniorer") }}` and an English
reader sees the entry here, or the Swedish text while none exists yet.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # safety page
    "Trygghetskoll": "Safety check",
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
    # end safety page
}
