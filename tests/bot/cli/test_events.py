"""`hejsan event add|list|attendees` at the terminal: what the restaurant needs
(who comes, with guests, and the waiting list), and mistakes that name the option."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.cli.lunches import add_event, add_seniors, answer, hejsan, in_days

SENIORS = [
    ("Anna Lindqvist", "070-174 06 05", "sv"),
    ("Gösta Berg", "070-174 06 06", "sv"),
    ("Aino Virtanen", "070-174 06 07", "sv"),
    ("Britt Nilsson", "070-174 06 09", "sv"),
]


def _full_lunch(config: Path) -> int:
    """Anna comes with two guests, Gösta alone, Aino waits for a place, Britt said no."""
    add_seniors(config, SENIORS)
    (lunch,) = add_event(config, "--capacity", "4")
    answer(
        config,
        lunch,
        {
            "Anna Lindqvist": ("yes", 2),
            "Gösta Berg": ("yes", 0),
            "Aino Virtanen": ("waitlist", 0),
            "Britt Nilsson": ("no", 0),
        },
    )
    return lunch


def test_attendees_count_the_guests_and_name_the_waiting_list(config_file: Path) -> None:
    lunch = _full_lunch(config_file)
    code, out, err = hejsan(config_file, "event", "attendees", str(lunch))
    assert code == 0, err
    assert "Anna Lindqvist" in out
    assert "Gösta Berg" in out
    assert "Britt Nilsson" not in out
    assert "Totalt / total: 4 personer / people" in out
    assert "Väntelista / waiting list: Aino Virtanen" in out


def test_attendees_json_and_csv_for_the_restaurant(config_file: Path) -> None:
    lunch = _full_lunch(config_file)
    code, out, _ = hejsan(config_file, "event", "attendees", str(lunch), "--json")
    assert code == 0
    body = json.loads(out)
    assert (body["event_id"], body["title"], body["head_count"]) == (lunch, "Sopplunch", 4)
    assert {(p["name"], p["guests"]) for p in body["attendees"]} == {
        ("Anna Lindqvist", 2),
        ("Gösta Berg", 0),
    }
    assert [p["name"] for p in body["waiting_list"]] == ["Aino Virtanen"]
    code, out, _ = hejsan(config_file, "event", "attendees", str(lunch), "--csv")
    assert code == 0
    lines = out.removeprefix("\ufeff").splitlines()
    assert lines[0] == "namn;gäster;antal"
    assert sorted(lines[1:3]) == ["Anna Lindqvist;2;3", "Gösta Berg;0;1"]
    assert lines[3:] == ["Totalt;;4"]


def test_list_shows_who_is_coming_and_which_are_cancelled(config_file: Path) -> None:
    lunch = _full_lunch(config_file)
    (coffee,) = add_event(config_file, "--price", "20 kr", "--audience", "Tyresö")
    code, out, _ = hejsan(config_file, "event", "list", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert (rows[lunch]["coming"], rows[lunch]["capacity"]) == (4, 4)
    assert (rows[coffee]["price"], rows[coffee]["audience_tag"]) == ("20 kr", "tyresö")
    assert rows[coffee]["starts_at"].startswith(in_days(20))  # local time, as typed
    assert hejsan(config_file, "event", "cancel", str(coffee))[0] == 0
    code, out, _ = hejsan(config_file, "event", "list")
    assert code == 0
    (lunch_line,) = [line for line in out.splitlines() if f"│ {lunch} " in line]
    (coffee_line,) = [line for line in out.splitlines() if f"│ {coffee} " in line]
    assert lunch_line.rstrip(" │").endswith("4")
    assert "inställd" in coffee_line
    assert in_days(20)[:10] in lunch_line


def test_a_mistake_names_the_option_and_adds_nothing(config_file: Path) -> None:
    mistakes = [
        (["--at", in_days(20)[:10]], "--at"),  # a date alone is never a lunch at midnight
        (["--at", in_days(20), "--rsvp-by", "7/12"], "--rsvp-by"),
        (["--at", in_days(20), "--every", "ibland"], "'ibland'"),
        (["--at", in_days(20), "--capacity", "0"], "--capacity"),
        (["--at", in_days(-1)], "future"),
    ]
    for options, named in mistakes:
        code, out, err = hejsan(
            config_file, "event", "add", "--title", "Sopplunch", "--venue", "Utsikten", *options
        )
        assert code != 0, options
        assert named in err, (options, err)
        assert "Traceback" not in out + err
    code, out, _ = hejsan(config_file, "event", "list", "--json")
    assert json.loads(out) == []


def test_a_title_in_brackets_is_printed_as_written(config_file: Path) -> None:
    title = "Sopplunch [vegetarisk] [/]"
    code, out, err = hejsan(
        config_file, "event", "add", "--title", title, "--venue", "Utsikten", "--at", in_days(20)
    )
    assert code == 0, err
    assert f" {title}, Utsikten, " in out
    code, out, err = hejsan(config_file, "event", "list")
    assert code == 0, err
    assert "[vegetarisk]" in out


def test_attendees_of_an_unknown_event_is_a_clear_error(config_file: Path) -> None:
    code, out, err = hejsan(config_file, "event", "attendees", "999")
    assert code != 0
    assert "no event 999" in err
    assert out == ""
