"""Downloads from the console: the HTTP side of files made by bot.core.table_files
(which writes the CSV Swedish Excel reads right, and XLSX with text kept text)."""

from __future__ import annotations

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_name(stem: str, suffix: str) -> str:
    """A file name safe in a Content-Disposition header (ASCII letters, digits, -)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stem)
    return f"{safe.strip('-') or 'hejsan'}.{suffix}"
