"""The label register and a label's verification page: what they say on each day of a label's
life, withdrawn and replaced labels, the needs and environments behind it, an unknown code, the
QR code of the page's address, and a query count that does not grow with the rows."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labs.lifecycle import State
from tests.factories import submit
from tests.labs.public_builders import (
    make_application,
    make_company,
    make_environment,
    make_label,
)

pytestmark = pytest.mark.django_db

REGISTER = "/en/labs/labels/"
GRANTED = datetime.date(2026, 3, 2)
VALID_UNTIL = datetime.date(2029, 3, 2)


def page(label) -> str:
    return f"/en/labs/labels/{label.code}/"


@pytest.fixture
def on_day(monkeypatch):
    """Freeze the clock at noon, Helsinki time, of the given day."""

    def freeze(day: datetime.date) -> None:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@pytest.fixture
def label():
    company = make_company("Hoivatekniikka Oy", "9260008-8")
    return make_label(
        make_application(company, product_name="Muistuttaja", product_version="2.1"),
        level="tested",
        granted_on=GRANTED,
        valid_until=VALID_UNTIL,
    )


def verdict(response) -> str:
    html = response.content.decode()
    match = re.search(r'<p class="verdict__answer">(.*?)</p>', html, re.S)
    assert match, html
    return " ".join(match.group(1).split())


# --- Valid, then expired --------------------------------------------------------------------


def test_it_says_valid_the_day_before_expiry(client, label, on_day):
    on_day(VALID_UNTIL - datetime.timedelta(days=1))

    response = client.get(page(label))

    assert response.status_code == 200
    assert verdict(response).startswith("Valid today")
    body = response.content.decode()
    assert "Muistuttaja, version 2.1, of Hoivatekniikka Oy holds the OuluHealth Labs label" in body
    assert "at the level Tested" in body
    assert "9260008-8" in body


def test_it_says_valid_on_the_last_day_itself(client, label, on_day):
    on_day(VALID_UNTIL)

    assert verdict(client.get(page(label))).startswith("Valid today")


def test_it_says_expired_the_day_after_expiry(client, label, on_day):
    on_day(VALID_UNTIL + datetime.timedelta(days=1))

    response = client.get(page(label))

    assert response.status_code == 200
    assert "Not valid today" in verdict(response)
    assert "the label has expired" in verdict(response)
    assert "held the OuluHealth Labs label" in response.content.decode()


def test_the_register_moves_it_from_valid_to_expired_with_the_days(client, label, on_day):
    on_day(VALID_UNTIL - datetime.timedelta(days=1))
    assert label.code in client.get(REGISTER, {"status": "valid"}).content.decode()
    assert label.code not in client.get(REGISTER, {"status": "expired"}).content.decode()

    on_day(VALID_UNTIL + datetime.timedelta(days=1))
    assert label.code not in client.get(REGISTER, {"status": "valid"}).content.decode()
    assert label.code in client.get(REGISTER, {"status": "expired"}).content.decode()


# --- Withdrawn and replaced -----------------------------------------------------------------


def test_a_withdrawn_label_is_not_valid_and_says_why(client, label):
    label.withdrawn_at = timezone.now()
    label.withdrawn_reason = "Tuotteen tietoturvapuute havaittiin käytössä."
    label.save()

    response = client.get(page(label))

    assert "the label has been withdrawn" in verdict(response)
    body = response.content.decode()
    assert "Why it was withdrawn" in body
    assert "Tuotteen tietoturvapuute havaittiin käytössä." in body


def test_a_replaced_label_links_the_label_of_the_newer_version(client, label):
    newer = make_label(
        make_application(label.company, product_name="Muistuttaja", product_version="3.0"),
        granted_on=GRANTED + datetime.timedelta(days=200),
    )
    label.superseded_by = newer
    label.save()

    response = client.get(page(label))

    assert "a newer version's label has replaced it" in verdict(response)
    assert f'href="{page(newer)}"' in response.content.decode()
    assert "of version 3.0" in response.content.decode()
    # The newer one is valid, and the older one says nothing of that on its own.
    assert verdict(client.get(page(newer))).startswith("Valid today")


def test_withdrawal_wins_over_replacement_and_expiry(client, label, on_day):
    newer = make_label(make_application(label.company, product_version="3.0"))
    label.superseded_by = newer
    label.withdrawn_at = timezone.now()
    label.withdrawn_reason = "Vakava turvallisuuspoikkeama."
    label.save()
    on_day(VALID_UNTIL + datetime.timedelta(days=10))

    assert "withdrawn" in verdict(client.get(page(label)))


# --- What it rests on -----------------------------------------------------------------------


def test_it_names_where_it_was_tested_and_the_public_needs_it_answers(client):
    public_need = submit(title="Lääkemuistutus kotihoitoon").suggestion
    private_need = submit(title="Yksityinen tarve", is_private=True).suggestion
    environment = make_environment("kotihoito-oulu", name="Oulun kotihoito")
    application = make_application(
        make_company(), needs=[public_need, private_need], environments=[environment]
    )
    label = make_label(application)

    body = client.get(page(label)).content.decode()

    assert "Oulun kotihoito" in body
    assert f'href="{public_need.get_absolute_url()}"' in body
    assert "Lääkemuistutus kotihoitoon" in body
    assert "Yksityinen tarve" not in body


def test_it_shows_the_evaluators_public_summaries_only_once_submitted(client, make_user):
    from labs.models import Evaluation

    label = make_label()
    now = timezone.now()
    for number, submitted in ((1, now), (2, None)):
        Evaluation.objects.create(
            application=label.application,
            evaluator=make_user(f"evaluator{number}@example.fi"),
            conflict_declared_at=now,
            summary=f"Yhteenveto {number}",
            submitted_at=submitted,
        )

    body = client.get(page(label)).content.decode()

    assert "Yhteenveto 1" in body
    assert "Yhteenveto 2" not in body


def test_an_approved_label_says_no_field_test_is_recorded(client):
    label = make_label(level="approved")

    assert "No field test is recorded" in client.get(page(label)).content.decode()


# --- Codes ----------------------------------------------------------------------------------


def test_a_code_typed_in_lower_case_finds_the_label(client, label):
    response = client.get(f"/en/labs/labels/{label.code.lower()}/")

    assert response.status_code == 200
    assert label.code in response.content.decode()


def test_an_unknown_code_is_a_clear_404_page(client):
    response = client.get("/en/labs/labels/OHL-AAAA-BBBB/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "has granted no label with the code “OHL-AAAA-BBBB”" in body
    assert 'href="/en/labs/labels/"' in body


def test_the_finnish_page_answers_without_a_prefix(client, label):
    response = client.get(f"/labs/labels/{label.code}/")

    assert response.status_code == 200
    assert response["Content-Language"] == "fi"


# --- The QR code ----------------------------------------------------------------------------


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of segno's SVG path (``M x y`` then ``h n`` and ``m dx dy``), as
    (row, column) in the picture, quiet zone included."""
    root = ET.fromstring(svg)  # noqa: S314 - the SVG our own view just made
    # The light background is a filled path; the dark modules are the stroked one.
    path = next(p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke"))
    tokens = re.findall(r"[Mmh]|-?\d+(?:\.\d+)?", path.get("d"))
    dark, x, y, index = set(), 0.0, 0.0, 0
    while index < len(tokens):
        command = tokens[index]
        if command == "M":
            x, y = float(tokens[index + 1]), float(tokens[index + 2])
            index += 3
        elif command == "m":
            x, y = x + float(tokens[index + 1]), y + float(tokens[index + 2])
            index += 3
        else:  # h: a run of dark modules on this row
            length = float(tokens[index + 1])
            dark.update((int(y), int(x) + step) for step in range(int(length)))
            x += length
            index += 2
    return dark


def test_the_qr_code_is_an_svg_of_the_pages_own_address(client, label, settings):
    settings.SITE_URL = "https://kehitys.example.fi"

    response = client.get(f"{page(label)}qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert dark_modules(svg), "an SVG document with the QR code's path"
    # The address without a language prefix, whichever page asked: what is printed stays.
    expected = f"https://kehitys.example.fi/labs/labels/{label.code}/"
    border = 4
    matrix = segno.make(expected, error="m").matrix
    wanted = {
        (row + border, column + border)
        for row, line in enumerate(matrix)
        for column, value in enumerate(line)
        if value
    }
    assert dark_modules(svg) == wanted
    other = segno.make(f"https://kehitys.example.fi/en/labs/labels/{label.code}/", error="m")
    assert dark_modules(svg) != {
        (row + border, column + border)
        for row, line in enumerate(other.matrix)
        for column, value in enumerate(line)
        if value
    }


def test_the_qr_code_runs_nothing_and_loads_nothing(client, label):
    response = client.get(f"{page(label)}qr.svg")

    svg = response.content.decode().lower()
    assert "<script" not in svg and "href" not in svg and "style" not in svg
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="{label.code}.svg"'


def test_the_page_shows_the_qr_code_with_a_text_alternative(client, label, settings):
    settings.SITE_URL = "https://kehitys.example.fi"

    body = client.get(page(label)).content.decode()

    assert f'src="{page(label)}qr.svg"' in body
    address = f"https://kehitys.example.fi/labs/labels/{label.code}/"
    assert f'alt="QR code of this page\'s address, {address}"' in body


def test_an_unknown_codes_qr_code_is_404(client):
    assert client.get("/en/labs/labels/OHL-AAAA-BBBB/qr.svg").status_code == 404


# --- The register ---------------------------------------------------------------------------


@pytest.fixture
def register_rows():
    """One label of each status and level, for two companies."""
    first, second = make_company("Ensimmäinen Oy"), make_company("Toinen Oy")
    today = timezone.localdate()
    valid = make_label(company=first, level="approved")
    expired = make_label(
        company=first,
        level="tested",
        granted_on=today - datetime.timedelta(days=1200),
        valid_until=today - datetime.timedelta(days=1),
    )
    withdrawn = make_label(
        company=second,
        level="co_created",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Tuote poistui markkinoilta.",
    )
    newer = make_label(company=second, level="tested")
    superseded = make_label(company=second, level="tested", superseded_by=newer)
    return {
        "valid": valid,
        "expired": expired,
        "withdrawn": withdrawn,
        "superseded": superseded,
        "newer": newer,
        "companies": (first, second),
    }


def codes(response) -> set[str]:
    return set(re.findall(r"OHL-[A-Z0-9]{4}-[A-Z0-9]{4}", response.content.decode()))


def test_the_register_keeps_every_label_whatever_its_status(client, register_rows):
    response = client.get(REGISTER)

    assert response.status_code == 200
    everything = {
        register_rows[name].code
        for name in ("valid", "expired", "withdrawn", "superseded", "newer")
    }
    assert codes(response) == everything
    body = response.content.decode()
    for word in ("Valid", "Expired", "Withdrawn", "Superseded by a newer version"):
        assert f">{word}</span>" in body


@pytest.mark.parametrize("status", ["valid", "expired", "withdrawn", "superseded"])
def test_the_register_filters_by_status_in_the_address(client, register_rows, status):
    response = client.get(REGISTER, {"status": status})

    wanted = {register_rows[status].code}
    if status == "valid":
        wanted.add(register_rows["newer"].code)
    assert codes(response) == wanted


def test_the_register_filters_by_level_and_company(client, register_rows):
    first, second = register_rows["companies"]

    assert codes(client.get(REGISTER, {"level": "approved"})) == {register_rows["valid"].code}
    assert codes(client.get(REGISTER, {"company": first.business_id})) == {
        register_rows["valid"].code,
        register_rows["expired"].code,
    }
    both = client.get(REGISTER, {"company": second.business_id, "level": "tested"})
    assert codes(both) == {register_rows["newer"].code, register_rows["superseded"].code}


def test_a_filter_value_that_matches_nothing_is_said_on_the_form(client, register_rows):
    response = client.get(REGISTER, {"status": "eternal"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(codes(response)) == 5


def test_the_register_pages_keep_the_filters(client):
    company = make_company()
    for _ in range(27):
        make_label(company=company, level="tested")

    first = client.get(REGISTER, {"level": "tested"})
    second = client.get(REGISTER, {"level": "tested", "page": 2})

    assert len(codes(first)) == 25
    assert len(codes(second)) == 2
    assert 'href="?level=tested&amp;page=2"' in first.content.decode()


def test_the_register_reads_in_the_same_number_of_queries_however_many_rows(
    client, django_assert_num_queries
):
    company = make_company()
    for _ in range(2):
        make_label(company=company)
    client.get(REGISTER)
    with CaptureQueriesContext(connection) as few:
        assert len(codes(client.get(REGISTER))) == 2
    others = [
        make_company(f"Yritys {n} Oy", business_id)
        for n, business_id in enumerate(["9260004-5", "9260005-3", "9260006-1"])
    ]
    for number in range(20):
        make_label(company=others[number % 3], level=["approved", "tested"][number % 2])

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(codes(client.get(REGISTER))) == 22


def test_the_verification_page_reads_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    needs = [submit(title=f"Tarve {n}").suggestion for n in range(5)]
    environments = [make_environment(f"ymparisto-{n}") for n in range(4)]
    small = make_label(
        make_application(make_company(), needs=needs[:1], environments=environments[:1])
    )
    large = make_label(make_application(make_company(), needs=needs, environments=environments))
    client.get(page(small))
    with CaptureQueriesContext(connection) as few:
        client.get(page(small))

    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(page(large)).content.decode()
    assert body.count("Tarve ") >= 5


def test_it_lists_draft_free_states_only_through_labels(client):
    # An application without a label is the company's own: the register shows nothing of it.
    make_application(make_company(), state=State.TESTING, product_name="Salainen tuote")

    assert "Salainen tuote" not in client.get(REGISTER).content.decode()


def test_the_page_and_the_register_point_to_their_json(client, label):
    assert f'href="/api/v1/labs/labels/{label.code}/"' in client.get(page(label)).content.decode()
    assert 'href="/api/v1/labs/labels/"' in client.get(REGISTER).content.decode()
    api = client.get(f"/api/v1/labs/labels/{label.code}/").json()
    assert (api["code"], api["status"], api["valid"]) == (label.code, "valid", True)
