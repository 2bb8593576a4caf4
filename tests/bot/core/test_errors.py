"""Our errors: what a coordinator or a script did wrong, in words they can act on.

The CLI turns any HejsanError into one line on stderr (no traceback), so every
misuse must arrive as one, with a message that names the thing to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import ConfigError, HejsanError, NotFoundError
from bot.db.database import Database
from bot.events.gatherings import attendees


def test_a_wrong_setting_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="timezone") as caught:
        load_config(None, {"HEJSAN_SERVICE_TIMEZONE": "Mars/Olympus"})
    assert isinstance(caught.value, HejsanError)
    assert not isinstance(caught.value, NotFoundError)


def test_a_missing_config_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "hejsan.toml"
    with pytest.raises(HejsanError, match="config file not found") as caught:
        load_config(missing, {})
    assert str(missing) in str(caught.value)
    assert type(caught.value) is ConfigError


def test_a_database_we_cannot_use_is_a_config_error_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"\[database\] url: unsupported database 'mysql'"):
        Database("mysql://hejsan@localhost/hejsan")


async def test_an_event_that_does_not_exist_is_not_found_in_both_languages(db: Database) -> None:
    async with db.reading() as session:
        with pytest.raises(NotFoundError) as caught:
            await attendees(session, 4711)
    assert str(caught.value) == "inget evenemang / no event 4711"
    assert isinstance(caught.value, HejsanError)
    assert not isinstance(caught.value, ConfigError)
