"""Downloads from the console: the file name is safe in a header whatever the
stem (the files themselves are tested with bot.core.table_files)."""

from __future__ import annotations

import pytest

from bot.console.exports import download_name


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("rapport-2026-12", "rapport-2026-12.csv"),
        ("Åsa Öberg", "sa--berg.csv"),
        ('x"; filename=evil.exe', "x---filename-evil-exe.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("Ärende", "rende.csv"),
        ("åäö", "hejsan.csv"),
    ],
)
def test_download_names_are_plain_ascii(stem: str, expected: str) -> None:
    assert download_name(stem, "csv") == expected
