"""Recording a mood: the check-in it answers, and runs of bad days.

Its own module because every flow records moods (a check-in answer, a mood
told unprompted, a mood inside an urgent message).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.actions import MoodStreak, Question, RecordMood
from conversations.flows.turn import Turn
from conversations.reading import Mood

# A mood sent this long after a check-in question still answers it.
LATE_ANSWER = timedelta(hours=24)


def record(
    turn: Turn, answer: Mood, answers: tuple[str, str, datetime | None] | None = None
) -> None:
    """Record a mood against the open check-in, which it closes; a late
    answer (after the question closed) still counts for that occurrence.
    Otherwise it answers `answers` (campaign, occurrence, asked at: a safety
    check), or nothing when none is given (told unprompted). A run of bad
    moods is told as a fact."""
    state = turn.state
    question = state.question(Question.CHECKIN)
    last = state.last_checkin
    asked_at: datetime | None = None
    if question is not None:
        campaign, occurrence = question.campaign, question.occurrence
    elif last is not None and turn.now - last.asked_at < LATE_ANSWER:
        campaign, occurrence = last.campaign, last.occurrence
    elif answers is not None:
        campaign, occurrence, asked_at = answers
    else:
        campaign, occurrence = None, None
    turn.act(RecordMood(answer, campaign, occurrence, asked_at))
    turn.close(Question.CHECKIN)
    if question is not None or campaign is not None:
        turn.update(missed_checkins=0)
    bad_moods = turn.state.bad_moods + 1 if answer is Mood.BAD else 0
    turn.update(last_checkin=None, bad_moods=bad_moods)
    if bad_moods >= turn.settings.bad_moods_before_escalation:
        turn.act(MoodStreak(Mood.BAD, bad_moods))
