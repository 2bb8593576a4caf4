"""The English catalogue as a whole: every t("...") in every console template
has its entry, every measure of the report too (whatever the currency), no
entry is left over from wording that is gone, and no entry is Swedish copied."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import nodes

from bot.console.english import ENGLISH
from bot.console.queries.report import MonthReport
from bot.console.render import templates

BOT = Path(__file__).resolve().parents[3] / "bot"
TEMPLATES = BOT / "console" / "templates"
# The same word in both languages (a name, an abbreviation, a loan word).
SAME_IN_BOTH = {
    "Status",
    "min",
    "Relation",
    "Telegram",
    "1 senior",
    "Organisation",
    "Senior",
    "Normal",
    "Simulator",
    "IP",
    "Text",
}


def _templates() -> dict[str, str]:
    found = {path.name: path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.html")}
    assert len(found) >= 20, "the console templates were not found"
    return found


def _has_words(node: ast.JoinedStr) -> bool:
    """An f-string with some wording of its own (not "{a} {b}", which matches anything)."""
    fixed = "".join(
        v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
    )
    return re.search(r"[^\W\d_]{4,}", fixed) is not None


def _python_strings() -> tuple[set[str], list[re.Pattern[str]]]:
    """Every string constant in bot/ (outside the catalogue), and each f-string
    as a pattern whose {fields} match anything."""
    plain: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in BOT.rglob("*.py"):
        if path.name == "english.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                plain.add(node.value)
            elif isinstance(node, ast.JoinedStr) and _has_words(node):
                parts = [
                    re.escape(v.value)
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    else ".+"
                    for v in node.values
                ]
                patterns.append(re.compile("".join(parts), re.DOTALL))
    return plain, patterns


@pytest.mark.parametrize("name", sorted(_templates()))
def test_every_t_literal_in_each_template_has_english(name: str) -> None:
    literals = {
        call.args[0].value
        for call in templates.env.parse(_templates()[name]).find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "t"
        if call.args and isinstance(call.args[0], nodes.Const)
    }
    assert [text for text in sorted(literals) if text not in ENGLISH] == []


@pytest.mark.parametrize("currency", ["SEK", "EUR"])
def test_every_report_measure_has_english_whatever_the_currency(currency: str) -> None:
    """The report page shows each measure through t(label)."""
    report = MonthReport(month="2026-12", area="", currency=currency)
    labels = [label for label, _value in report.measures()[2:]]
    assert [label for label in labels if label not in ENGLISH] == []
    english = [(ENGLISH[label].format(currency=currency), v) for label, v in report.measures()[2:]]
    assert english[-1] == (f"SMS cost ({currency})", 0.0)


def test_no_entry_is_left_over() -> None:
    """An entry nobody shows any more is wording nobody checks."""
    plain, patterns = _python_strings()
    in_templates = {
        const.value
        for source in _templates().values()
        for const in templates.env.parse(source).find_all(nodes.Const)
        if isinstance(const.value, str)
    }
    used = plain | in_templates
    unused = [
        swedish
        for swedish in ENGLISH
        if swedish not in used and not any(p.fullmatch(swedish) for p in patterns)
    ]
    assert unused == []


def test_no_entry_is_the_swedish_copied() -> None:
    copied = {swedish for swedish, english in ENGLISH.items() if swedish == english}
    assert copied <= SAME_IN_BOTH
    assert [e for e in ENGLISH.values() if re.search("[åäöÅÄÖ]", e) or not e.strip()] == []
