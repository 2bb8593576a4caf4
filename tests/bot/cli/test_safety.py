"""`hejsan seniors safety-check` and `hejsan seniors contacts` as a
coordinator uses them: clear answers, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.front import app as front
from bot.cli.main import app


def hejsan(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def add_senior(config: Path) -> int:
    code, out, _ = hejsan(
        "seniors", "add", "--name", "Märta Berg", "--phone", "070-111 22 33",
        "--config", str(config),
    )  # fmt: skip
    assert code == 0, out
    _, out, _ = hejsan("seniors", "list", "--json", "--config", str(config))
    return int(json.loads(out)[0]["id"])


def test_safety_check_on_is_shown_and_off_again(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    code, out, _ = hejsan(
        "seniors", "safety-check", senior, "--at", "9.30", "--reminders", "20,40",
        "--config", str(config_file),
    )  # fmt: skip
    assert code == 0, out
    assert "09:30" in out
    _, out, _ = hejsan("seniors", "list", "--json", "--config", str(config_file))
    assert json.loads(out)[0]["safety_check_at"] == "09:30"
    code, out, _ = hejsan("seniors", "safety-check", senior, "--off", "--config", str(config_file))
    assert code == 0
    _, out, _ = hejsan("seniors", "list", "--json", "--config", str(config_file))
    assert json.loads(out)[0]["safety_check_at"] is None


def test_safety_check_refuses_what_it_cannot_use(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    for extra in (["--at", "25:00"], ["--at", "09:30", "--reminders", "60,30"], []):
        code, _, err = hejsan(
            "seniors", "safety-check", senior, *extra, "--config", str(config_file)
        )
        assert code == 1
        assert "error" in err
    code, _, err = hejsan(
        "seniors", "safety-check", "999", "--at", "09:30", "--config", str(config_file)
    )
    assert code == 1
    assert "999" in err


def test_contacts_add_list_remove(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    code, out, _ = hejsan(
        "seniors", "contacts", "add", senior, "--name", "Lena Berg", "--phone", "070-111 22 44",
        "--relation", "dotter", "--has-key", "--consent-by", "Eva", "--config", str(config_file),
    )  # fmt: skip
    assert code == 0, out
    code, out, _ = hejsan("seniors", "contacts", "list", senior, "--config", str(config_file))
    assert "Lena Berg" in out
    assert "dotter" in out
    code, out, _ = hejsan(
        "seniors", "contacts", "first-tier", senior, "1", "--off", "--config", str(config_file)
    )
    assert code == 0, out
    code, out, _ = hejsan("seniors", "contacts", "list", senior, "--config", str(config_file))
    assert "nej" in out.split("dotter")[1].split("\n")[0]  # not first any more
    code, _, err = hejsan(
        "seniors", "contacts", "add", senior, "--name", "X", "--phone", "070-111 22 55",
        "--consent-by", "", "--config", str(config_file),
    )  # fmt: skip
    assert code == 1
    assert "consent" in err
    code, out, _ = hejsan(
        "seniors", "contacts", "remove", senior, "1", "--config", str(config_file)
    )
    assert code == 0, out
    code, _, err = hejsan(
        "seniors", "contacts", "remove", senior, "1", "--config", str(config_file)
    )
    assert code == 1
    code, out, _ = hejsan("seniors", "contacts", "list", senior, "--config", str(config_file))
    assert "Lena Berg" not in out


def test_contacts_edit_changes_what_is_given_and_keeps_the_rest(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    code, out, _ = hejsan(
        "seniors", "contacts", "add", senior, "--name", "Lena Berg", "--phone", "070-111 22 44",
        "--relation", "dotter", "--has-key", "--consent-by", "Eva", "--config", str(config_file),
    )  # fmt: skip
    assert code == 0, out
    code, out, _ = hejsan(
        "seniors", "contacts", "edit", senior, "1", "--phone", "070-111 22 45", "--no-key",
        "--config", str(config_file),
    )  # fmt: skip
    assert code == 0, out
    code, out, _ = hejsan("seniors", "contacts", "list", senior, "--config", str(config_file))
    lena = out.split("Lena Berg")[1].split("\n")[0]
    assert "dotter" in lena
    assert "+46701112245" in lena
    assert "nej" in lena.split("dotter")[1]  # no key any more
    code, _, err = hejsan(
        "seniors", "contacts", "edit", senior, "1", "--phone", "070-111 22 33",
        "--config", str(config_file),
    )  # fmt: skip
    assert code == 1
    assert "finns redan" in err, "the senior's own number belongs to her"
    code, _, err = hejsan(
        "seniors", "contacts", "edit", senior, "7", "--name", "X", "--config", str(config_file)
    )
    assert code == 1
    assert "no close contact 7" in err


def quick(*args: str) -> tuple[int, str, str]:
    """`hejsan` as it starts (the quick front, no engine)."""
    result = CliRunner().invoke(front, list(args))
    return result.exit_code, result.stdout, result.stderr


def _senior(config: Path) -> dict[str, object]:
    _, out, _ = quick("seniors", "show", "1", "--json", "--config", str(config))
    return dict(json.loads(out))


def test_seniors_edit_sets_the_safety_check_its_reminders_and_turns_it_off(
    config_file: Path,
) -> None:
    senior = str(add_senior(config_file))
    c = str(config_file)
    code, out, err = quick("seniors", "edit", senior, "--safety-check", "09:30", "--config", c)
    assert code == 0, err
    assert "09:30" in out
    assert (_senior(config_file)["safety_check_at"], _senior(config_file)["safety_reminders"]) == (
        "09:30",
        "30,60",
    )
    code, out, err = quick("seniors", "edit", senior, "--safety-reminders", "20, 45", "--config", c)
    assert code == 0, err
    assert (_senior(config_file)["safety_check_at"], _senior(config_file)["safety_reminders"]) == (
        "09:30",
        "20,45",
    )
    code, out, err = quick("seniors", "edit", senior, "--safety-check", "off", "--config", c)
    assert code == 0, err
    assert "off" in out
    assert _senior(config_file)["safety_check_at"] is None
    assert _senior(config_file)["safety_reminders"] == "20,45"  # kept for KOLLA MIG OM


def test_seniors_edit_refuses_a_bad_safety_check_and_changes_nothing(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    c = str(config_file)
    for extra in (["--safety-check", "25:99"], ["--safety-reminders", "60,30"]):
        code, _, err = quick("seniors", "edit", senior, "--name", "Ny Namn", *extra, "--config", c)
        assert code == 1
        assert "error" in err
    assert _senior(config_file)["name"] == "Märta Berg"
    code, _, err = quick("volunteers", "edit", "1", "--safety-check", "09:30", "--config", c)
    assert code == 1
    assert "seniors only" in err


def test_close_contacts_are_not_listed_as_volunteers(config_file: Path) -> None:
    senior = str(add_senior(config_file))
    c = str(config_file)
    code, out, _ = hejsan(
        "seniors", "contacts", "add", senior, "--name", "Lena Berg", "--phone", "070-111 22 44",
        "--consent-by", "Eva", "--config", c,
    )  # fmt: skip
    assert code == 0, out
    code, out, _ = quick("volunteers", "list", "--json", "--all", "--config", c)
    assert code == 0
    assert json.loads(out) == []
