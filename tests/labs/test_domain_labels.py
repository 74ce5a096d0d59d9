"""Labels: bound to the product version, valid for ``LABS_LABEL_YEARS`` years by their dates
alone (no job), superseded by a newer version's label, withdrawn with a public reason, and
granted only at a level the label rules allow."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labs import services
from labs.lifecycle import Action, State
from labs.models import Label, LabelRule, LabelStatus
from labs.models.labels import CODE_ALPHABET, new_label_code
from labs.selectors.labels import label_register
from popsote.accounts import roles
from tests.labs import factories
from tests.labs.factories import at, frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep])
    return rep, staff, company


def granted(people, *, when=None, level="tested", **answers) -> Label:
    rep, staff, company = people
    application = factories.make_application(company, rep, **answers)
    with frozen(when or at(2026, 3, 2)):
        factories.advance(
            application, State.LABEL_GRANTED, company_user=rep, staff=staff, level=level
        )
    return application.labels.get()


def test_a_label_is_valid_through_its_last_day_and_expired_the_day_after(people, settings):
    settings.LABS_LABEL_YEARS = 3
    label = granted(people, when=at(2026, 3, 2))
    assert label.granted_on == datetime.date(2026, 3, 2)
    assert label.valid_until == datetime.date(2029, 3, 2)
    days = {
        "the day before": datetime.date(2029, 3, 1),
        "the last day": datetime.date(2029, 3, 2),
        "the day after": datetime.date(2029, 3, 3),
    }
    wanted = {"the day before": "valid", "the last day": "valid", "the day after": "expired"}
    for name, day in days.items():
        assert label.status_on(day) == wanted[name], name
        in_sql = Label.objects.with_status(day).get(pk=label.pk).status
        assert in_sql == wanted[name], name
        assert Label.objects.valid(day).filter(pk=label.pk).exists() is (wanted[name] == "valid")
    # With the clock itself: nothing runs between the two days, the status still turns.
    with frozen(at(2029, 3, 1)):
        assert Label.objects.get(pk=label.pk).current_status == LabelStatus.VALID
    with frozen(at(2029, 3, 3)):
        assert Label.objects.get(pk=label.pk).current_status == LabelStatus.EXPIRED
        assert label_register(status="expired").filter(pk=label.pk).exists()


def test_a_label_granted_on_leap_day_runs_to_the_end_of_february(people):
    label = granted(people, when=at(2028, 2, 29))
    assert label.valid_until == datetime.date(2031, 2, 28)


def test_the_label_copies_the_product_and_version_it_was_granted_for(people):
    label = granted(people, product_name="Lääkemuistuttaja", product_version="2.1")
    label.application.product_version = "9.9"
    label.application.save()
    label.refresh_from_db()
    assert (label.product_name, label.product_version) == ("Lääkemuistuttaja", "2.1")
    assert label.company == label.application.company


def test_a_newer_versions_label_supersedes_the_older_valid_one(people):
    old = granted(people, product_version="2.1", when=at(2026, 3, 2))
    other_product = granted(people, product_name="Toinen tuote", when=at(2026, 3, 2))
    new = granted(people, product_version="3.0", when=at(2027, 1, 10))
    old.refresh_from_db()
    other_product.refresh_from_db()
    assert old.superseded_by == new
    assert old.status_on(datetime.date(2027, 2, 1)) == LabelStatus.SUPERSEDED
    assert other_product.superseded_by is None
    assert new.status_on(datetime.date(2027, 2, 1)) == LabelStatus.VALID
    statuses = dict(label_register(today=datetime.date(2027, 2, 1)).values_list("code", "status"))
    assert statuses[old.code] == "superseded"
    assert statuses[new.code] == "valid"


def test_another_companys_label_is_never_superseded(people):
    _rep, staff, _company = people
    mine = granted(people)
    other_rep = factories.make_user("other")
    other = factories.make_company("Muu Oy", representatives=[other_rep])
    theirs = factories.make_application(other, other_rep, product_version="5.0")
    with frozen(at(2026, 6, 1)):
        factories.advance(theirs, State.LABEL_GRANTED, company_user=other_rep, staff=staff)
    mine.refresh_from_db()
    assert mine.superseded_by is None


def test_withdrawing_needs_a_public_reason_and_keeps_the_label_in_the_register(people):
    rep, staff, _company = people
    label = granted(people)
    with pytest.raises(PermissionDenied):
        services.label_withdraw(actor=rep, label=label, reason="Itse")
    with pytest.raises(ValidationError) as refused:
        services.label_withdraw(actor=staff, label=label, reason="  ")
    assert "reason" in refused.value.message_dict
    services.label_withdraw(actor=staff, label=label, reason="Tietoturvapuute löytyi.")
    label.refresh_from_db()
    assert label.status_on() == LabelStatus.WITHDRAWN
    assert label.withdrawn_reason == "Tietoturvapuute löytyi."
    assert label_register(status="withdrawn").get() == label
    event = label.application.events.get(action=Action.LABEL_WITHDRAWN)
    assert event.is_public and event.public_message == "Tietoturvapuute löytyi."
    with pytest.raises(ValidationError):
        services.label_withdraw(actor=staff, label=label, reason="Taas")


def test_withdrawn_wins_over_superseded_and_expired():
    label = Label(
        valid_until=datetime.date(2020, 1, 1),
        withdrawn_at=at(2021, 1, 1),
        superseded_by_id=1,
    )
    assert label.status_on(datetime.date(2026, 1, 1)) == LabelStatus.WITHDRAWN
    label.withdrawn_at = None
    assert label.status_on(datetime.date(2026, 1, 1)) == LabelStatus.SUPERSEDED


def test_co_created_needs_linked_needs_or_a_call(people):
    from tests.ideas.community import make_suggestion

    rep, staff, company = people
    application = factories.make_application(company, rep)
    factories.advance(application, State.EVALUATED, company_user=rep, staff=staff, reply=True)
    with pytest.raises(ValidationError) as refused:
        services.application_transition(
            actor=staff, application=application, action=Action.GRANT_LABEL, level="co_created"
        )
    assert "level" in refused.value.message_dict
    application.needs.add(make_suggestion())
    services.application_transition(
        actor=staff, application=application, action=Action.GRANT_LABEL, level="co_created"
    )
    assert application.labels.get().level == "co_created"


def test_the_label_rules_are_data_labs_staff_can_change(people):
    rep, staff, company = people
    LabelRule.objects.filter(code="approved").update(is_active=False)
    application = factories.make_application(company, rep)
    factories.advance(application, State.EVALUATED, company_user=rep, staff=staff, reply=True)
    with pytest.raises(ValidationError, match="not in use"):
        services.application_transition(
            actor=staff, application=application, action=Action.GRANT_LABEL, level="approved"
        )
    with pytest.raises(ValidationError, match="Choose the level"):
        services.application_transition(
            actor=staff, application=application, action=Action.GRANT_LABEL
        )


def test_the_seeded_rules_say_what_each_level_demands():
    rules = {
        rule.code: (rule.requires_field_test, rule.requires_co_creation)
        for rule in LabelRule.objects.all()
    }
    assert rules == {
        "approved": (False, False),
        "tested": (True, False),
        "co_created": (True, True),
    }


def test_label_codes_are_unambiguous_and_unguessable():
    codes = {new_label_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        prefix, first, second = code.split("-")
        assert prefix == "OHL" and len(first) == len(second) == 4
        assert set(first + second) <= set(CODE_ALPHABET)
    assert not set("0O1I") & set(CODE_ALPHABET)


def test_a_renewed_label_of_the_same_version_takes_over_from_the_old(people):
    old = granted(people, product_version="2.1", when=at(2026, 3, 2))
    renewed = granted(people, product_version="2.1", when=at(2029, 1, 10))
    old.refresh_from_db()
    assert old.superseded_by == renewed
    assert Label.objects.valid(datetime.date(2029, 2, 1)).get() == renewed
