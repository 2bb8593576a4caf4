"""Console accounts: who may log in, with which role, and the login check.

Passwords are hashed with Argon2id (pwdlib). Failed logins are counted per
account; after `MAX_FAILED_LOGINS` the account is locked for `LOCKOUT` and the
lockout is logged by account id (never the e-mail address).
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError
from bot.core.logs import log_event
from bot.db.models import Account

log = logging.getLogger("hejsan.console.accounts")

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_CHARS = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHash((Argon2Hasher(),))


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so a wrong address takes as
    long as a wrong password and does not reveal which accounts exist. Made on
    first use: hashing at import would slow every `hejsan` command."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountRole(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    VIEWER = "viewer"


class AccountError(HejsanError):
    """A request about accounts that cannot be carried out (bad e-mail, weak password)."""


class LoginOutcome(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    account: Account | None = None


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 254:
        raise AccountError(f"ogiltig e-postadress / invalid e-mail address: {email!r}")
    return cleaned


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(
            f"lösenordet måste ha minst {MIN_PASSWORD_CHARS} tecken / "
            f"the password needs at least {MIN_PASSWORD_CHARS} characters"
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def new_password() -> str:
    """A random password for a new account, shown once to whoever made it."""
    return secrets.token_urlsafe(12)


async def find_account(session: AsyncSession, email: str) -> Account | None:
    try:
        cleaned = normalise_email(email)
    except AccountError:
        return None
    account: Account | None = await session.scalar(select(Account).where(Account.email == cleaned))
    return account


async def add_account(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    role: AccountRole,
    password: str | None,
    now: datetime,
) -> Account:
    """A new account; `password` None leaves it without one until the person
    sets it through a one-time link (bot.console.password_links)."""
    cleaned = normalise_email(email)
    if password is not None:
        check_password_strength(password)
    if await find_account(session, cleaned) is not None:
        raise AccountError(f"kontot finns redan / account already exists: {cleaned}")
    account = Account(
        email=cleaned,
        name=name.strip() or cleaned,
        role=AccountRole(role).value,
        password_hash=hash_password(password) if password is not None else None,
        disabled=False,
        failed_logins=0,
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    await session.flush()
    log_event(log, "account.added", account_id=account.id, role=account.role)
    return account


async def list_accounts(session: AsyncSession) -> list[Account]:
    return list(await session.scalars(select(Account).order_by(Account.email)))


def set_password(account: Account, password: str, now: datetime) -> None:
    check_password_strength(password)
    account.password_hash = hash_password(password)
    account.updated_at = now


def password_matches(account: Account, password: str) -> bool:
    if account.password_hash is None:
        return False
    return _hasher.verify(password, account.password_hash)


async def authenticate(
    session: AsyncSession, email: str, password: str, now: datetime
) -> LoginResult:
    """Check a login; count failures and lock the account after too many.

    A locked or disabled account answers like a wrong password would, apart
    from the lock message, which tells the person to wait.
    """
    account = await find_account(session, email)
    if account is None:
        _hasher.verify(password, _dummy_hash())
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    if account.locked_until is not None and account.locked_until > now:
        return LoginResult(LoginOutcome.LOCKED)
    if account.disabled or not password_matches(account, password):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILED_LOGINS:
            account.locked_until = now + LOCKOUT
            account.failed_logins = 0
            log_event(log, "account.locked", logging.WARNING, account_id=account.id)
            return LoginResult(LoginOutcome.LOCKED, account)
        return LoginResult(LoginOutcome.BAD_CREDENTIALS, account)
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    return LoginResult(LoginOutcome.OK, account)


# The demo admin exists only while Hejsan runs on its embedded demo (simulator,
# demo data): its password is new at every start and printed then; with a real
# channel configured it is disabled, so a known login never reaches production.
DEMO_ADMIN_EMAIL = "demo@hejsan.invalid"


async def reset_demo_admin(session: AsyncSession, now: datetime) -> str:
    """Create or re-enable the demo admin with a fresh password; returns the password."""
    password = new_password()
    account = await find_account(session, DEMO_ADMIN_EMAIL)
    if account is None:
        await add_account(
            session,
            email=DEMO_ADMIN_EMAIL,
            name="Demo",
            role=AccountRole.ADMIN,
            password=password,
            now=now,
        )
        return password
    set_password(account, password, now)
    account.disabled = False
    account.failed_logins = 0
    account.locked_until = None
    return password


async def disable_demo_admin(session: AsyncSession, now: datetime) -> bool:
    account = await find_account(session, DEMO_ADMIN_EMAIL)
    if account is None or account.disabled:
        return False
    account.disabled = True
    account.updated_at = now
    return True
