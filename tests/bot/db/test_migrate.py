"""Creating and upgrading the schema from code: any URL a coordinator writes,
from any folder, on SQLite and PostgreSQL; the developer command's usage."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db.database import Database
from bot.db.migrate import main, upgrade
from bot.db.models import Base
from bot.people.directory import Role
from tests.bot.builders import add_person


async def revision_of(db: Database) -> str | None:
    async with db.reading() as session:
        found: str | None = await session.scalar(text("SELECT version_num FROM alembic_version"))
        return found


async def _empty(db: Database) -> None:
    """Drop everything the migrations made, as a brand-new database has nothing."""
    async with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # triggers and functions too
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
            return
        await connection.run_sync(Base.metadata.drop_all)
        await connection.execute(text("DROP TABLE alembic_version"))


async def test_an_empty_database_gets_the_whole_schema_at_the_newest_revision(
    db: Database,
) -> None:
    newest = await revision_of(db)  # the test databases are cloned from a migrated one
    await _empty(db)
    await asyncio.to_thread(upgrade, db.url)
    assert await revision_of(db) == newest
    anna = await add_person(db, Role.SENIOR, "Anna Lindqvist", "+46701740605")
    assert anna.id is not None
    await asyncio.to_thread(upgrade, db.url)  # a second start changes nothing
    assert await revision_of(db) == newest


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_path_with_a_percent_sign_from_another_folder_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Database
) -> None:
    newest = await revision_of(db)
    folder = tmp_path / "Tyresö 100% säker"
    folder.mkdir()
    elsewhere = tmp_path / "någon annanstans"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the migrations are found wherever hejsan runs
    url = f"sqlite:///{folder / 'hejsan.db'}"
    await asyncio.to_thread(upgrade, url)
    fresh = Database(url)
    try:
        assert await revision_of(fresh) == newest
    finally:
        await fresh.close()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("argv", [[], ["revision"], ["upgrade", "head"]])
def test_the_developer_command_shows_its_usage_when_misused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert 'usage: python -m bot.db.migrate revision "message"' in captured.err
    assert captured.out == ""
