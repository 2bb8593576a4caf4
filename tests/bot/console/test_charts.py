"""Server-drawn charts: the weeks add up as a coordinator would count them, the
SVG names its title for screen readers, and the numbers are also in words."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.console.charts import MoodWeek, bar_chart_svg, mood_chart_svg, mood_weeks, summary
from tests.bot.console.conftest import Desk
from tests.bot.console.people_for_tests import add_person, texts

WEDNESDAY = date(2026, 12, 2)
THIS_MONDAY = date(2026, 11, 30)


def test_answers_fall_in_monday_weeks_oldest_first() -> None:
    answers = [
        (THIS_MONDAY, "good", True),
        (WEDNESDAY, "bad", True),
        (THIS_MONDAY - timedelta(days=1), "ok", True),  # Sunday: the week before
        (THIS_MONDAY - timedelta(days=2), None, False),
        (THIS_MONDAY - timedelta(weeks=4), "good", True),  # before the 3 weeks shown
        (WEDNESDAY + timedelta(days=7), "good", True),  # next week: not shown yet
        (WEDNESDAY, None, True),  # answered, but no mood in it
    ]
    weeks = mood_weeks(answers, WEDNESDAY, weeks=3)
    assert [w.week_start for w in weeks] == [
        date(2026, 11, 16),
        date(2026, 11, 23),
        THIS_MONDAY,
    ]
    assert weeks[0] == MoodWeek(date(2026, 11, 16))
    assert (weeks[1].ok, weeks[1].missed, weeks[1].answered) == (1, 1, 1)
    assert (weeks[2].good, weeks[2].bad, weeks[2].answered) == (1, 1, 2)
    assert weeks[2].average == 2.0
    assert weeks[0].average is None


def test_the_summary_says_the_numbers_in_words() -> None:
    weeks = [MoodWeek(THIS_MONDAY, good=2, ok=1, bad=0, missed=3), MoodWeek(WEDNESDAY, bad=1)]
    assert summary(weeks) == (
        "Humör de senaste 2 veckorna: 2 bra, 1 sådär, 1 dåligt; 3 incheckningar utan svar."
    )


def test_the_summary_and_the_levels_take_the_reader_s_words() -> None:
    weeks = [MoodWeek(THIS_MONDAY, good=1, missed=1)]
    english = "{weeks} week: {good} good, {ok} so-so, {bad} bad, {missed} unanswered."
    assert summary(weeks, english) == "1 week: 1 good, 0 so-so, 0 bad, 1 unanswered."
    svg = str(mood_chart_svg(weeks, "t", {"good": "good", "ok": "so-so", "bad": "<bad>"}))
    assert ">good</text>" in svg
    assert ">&lt;bad&gt;</text>" in svg
    assert "sådär" not in svg


def test_the_mood_chart_is_an_image_labelled_by_its_title() -> None:
    weeks = [
        MoodWeek(THIS_MONDAY - timedelta(weeks=2), good=1),
        MoodWeek(THIS_MONDAY - timedelta(weeks=1), missed=2),
        MoodWeek(THIS_MONDAY, bad=1),
    ]
    svg = str(mood_chart_svg(weeks, 'mood"title'))
    assert svg.startswith("<svg ")
    assert 'role="img" aria-labelledby="mood&#34;title"' in svg
    assert svg.count("<circle") == 2  # one dot per week with answers
    assert svg.count("×") == 1  # the week with only missed questions is marked
    good_y, bad_y = (float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg))
    assert good_y < bad_y  # "bra" is drawn above "dåligt"
    # Week numbers under every other week, so they never crowd.
    assert ("v47" in svg, "v48" in svg, "v49" in svg) == (True, False, True)


def test_a_single_week_draws_a_dot_and_no_line() -> None:
    svg = str(mood_chart_svg([MoodWeek(THIS_MONDAY, ok=1)], "t"))
    assert svg.count("<circle") == 1
    assert "<polyline" not in svg


def test_bars_are_proportional_escaped_and_survive_all_zero() -> None:
    svg = str(bar_chart_svg([("Bra", 10), ("<b>Dåligt</b>", 5)], "chart"))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert "<b>" not in svg
    assert "&lt;b&gt;Dåligt&lt;/b&gt;" in svg
    assert ">10</text>" in svg
    empty = str(bar_chart_svg([("Bra", 0), ("Sådär", 0)], "chart"))
    assert re.findall(r'<rect [^>]*width="([\d.]+)"', empty) == ["0.0", "0.0"]


async def test_the_pages_point_each_chart_at_a_title_and_give_its_words(desk: Desk) -> None:
    anna = await add_person(desk, "Anna Lindqvist", "0701234567")
    await texts(desk, "+46701234567", "Kan någon ringa mig?")
    client = desk.as_role("viewer")
    for path in (f"/seniors/{anna}", "/report"):
        page = (await client.get(path)).text
        labelled = re.search(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', page)
        assert labelled, path
        assert re.search(rf'id="{labelled[1]}"[^>]*>[^<]+<', page), path
        caption = re.search(r"<figcaption>([^<]+)</figcaption>", page)
        assert caption, path
        assert re.search(r"\d", caption[1]), path


async def test_an_english_reader_gets_the_chart_s_words_in_english(desk: Desk) -> None:
    anna = await add_person(desk, "Anna Lindqvist", "0701234567")
    client = desk.as_role("viewer")
    client.cookies.set("hejsan_lang", "en")
    page = (await client.get(f"/seniors/{anna}")).text
    assert "<figcaption>Mood over the last 12 weeks: 0 good" in page
    assert ">so-so</text>" in page
    assert "sådär" not in page
