"""Dates in the site's three languages: relative ages and the formats of the date filter."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

HELSINKI = ZoneInfo("Europe/Helsinki")
MOMENT = datetime(2026, 12, 1, 14, 5, tzinfo=HELSINKI)


def render(source: str, language: str, **context) -> str:
    with translation.override(language), timezone.override(HELSINKI):
        return Template("{% load dates l10n %}" + source).render(Context(context))


# --- How long ago -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "8\xa0kuukautta sitten"),
        ("sv", "för 8\xa0månader sedan"),
        ("en", "8\xa0months ago"),
    ],
)
def test_it_says_how_long_ago_with_one_space_before_the_last_word(language, expected):
    eight_months_ago = timezone.now() - timedelta(days=245)

    assert render("{{ when|ago }}", language, when=eight_months_ago) == expected


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_it_never_doubles_a_space_in_an_age_of_two_parts(language):
    a_year_and_months_ago = timezone.now() - timedelta(days=365 + 245)

    age = render("{{ when|ago }}", language, when=a_year_and_months_ago)

    assert "  " not in age.replace("\xa0", " "), repr(age)
    assert " ," not in age.replace("\xa0", " "), repr(age)


def test_it_renders_nothing_for_no_date():
    assert render("{{ when|ago }}", "fi", when=None) == ""


# --- Formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime"),
    [
        ("fi", "1.12.2026", "1.12.2026 14.05"),
        # Finland-Swedish, not Sweden's 2026-12-01 14:05.
        ("sv", "1.12.2026", "1.12.2026 kl. 14.05"),
        ("en", "12/01/2026", "12/01/2026 2:05 p.m."),
    ],
)
def test_it_writes_short_dates_as_they_are_written_in_finland(language, short_date, short_datetime):
    assert render('{{ when|date:"SHORT_DATE_FORMAT" }}', language, when=MOMENT) == short_date
    assert (
        render('{{ when|date:"SHORT_DATETIME_FORMAT" }}', language, when=MOMENT) == short_datetime
    )


@pytest.mark.parametrize(
    ("language", "date", "datetime_"),
    [
        ("fi", "1. joulukuuta 2026", "1. joulukuuta 2026 kello 14.05"),
        ("sv", "1 december 2026", "1 december 2026 kl. 14.05"),
        ("en", "Dec. 1, 2026", "Dec. 1, 2026, 2:05 p.m."),
    ],
)
def test_it_localizes_a_date_and_time_in_the_language_of_the_page(language, date, datetime_):
    assert render("{{ when|date }}", language, when=MOMENT) == date
    assert render("{{ when|localize }}", language, when=MOMENT) == datetime_
