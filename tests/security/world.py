"""One small county with two of everything, for the access matrix: two residents, two
companies, two handler groups, and secrets of each that only some may read (``SECRETS``).

Built through the real services once per module; the tests hold ids and strings, not rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from ideas.lifecycle import Action as SuggestionAction
from ideas.services.community import content_hide
from ideas.services.evaluation import evaluation_save
from ideas.services.handling import suggestion_add_note
from ideas.services.transitions import suggestion_transition
from labs import services as labs_services
from labs.lifecycle import State as ApplicationState
from popsote.notifications.models import Category, Notification
from popsote.notifications.services import notify_users
from popsote.taxonomy.models import EvaluationCriterion
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.groups.meeting_helpers import make_meeting
from tests.ideas.test_attachments import pdf
from tests.labs import factories as labs
from tests.showroom.builders import make_label, make_listing

# Strings that must reach only the people named in ``SECRETS``.
PRIVATE_TITLE = "Salainen ehdotus SECRET-PRIVATE-7731"
HIDDEN_TITLE = "Piilotettu ehdotus SECRET-HIDDEN-4410"
INTERNAL_NOTE = "Sisäinen muistiinpano SECRET-NOTE-9052"
APPLICATION_A = "Yritys A:n tuote SECRET-APP-A-1187"
APPLICATION_B = "Yritys B:n tuote SECRET-APP-B-2290"
DRAFT_LISTING = "Luonnos SECRET-LISTING-3318"
EVALUATION = "Arvion perustelu SECRET-SCORE-8810"
NOTIFICATION = "Ilmoitus asukkaalle SECRET-NOTIFY-5521"
# A question to the submitter is answered in public: not a secret, but a move that notifies.
INFO_QUESTION = "Kysymys ehdottajalle: millä kellonajalla?"

ROLES = (
    "anonymous",
    "resident_a",
    "resident_b",
    "professional",
    "company_a",
    "company_b",
    "handler_x",
    "handler_y",
    "coordinator",
    "labs_staff",
    "editor",
)
STAFF = {"handler_x", "handler_y", "coordinator", "labs_staff", "editor"}

# Who may read each secret anywhere on the site (every other role must never see it).
SECRETS = {
    PRIVATE_TITLE: {"resident_a", "handler_x", "coordinator"},
    HIDDEN_TITLE: {"resident_b", "handler_x", "coordinator"},
    INTERNAL_NOTE: {"handler_x", "coordinator"},
    APPLICATION_A: {"company_a", "labs_staff"},
    APPLICATION_B: {"company_b", "labs_staff"},
    DRAFT_LISTING: {"company_a", "editor"},
    EVALUATION: {"handler_x", "coordinator"},
    NOTIFICATION: {"resident_a"},
}


@dataclass(frozen=True)
class World:
    people: dict[str, int]  # role → user id (no anonymous)
    ids: dict[str, object]  # names of the objects a URL needs → their keys


def build_world() -> World:
    people = {
        "resident_a": make_person(**PEOPLE["resident"]),
        "resident_b": make_person(**PEOPLE["other_resident"]),
        "professional": make_person(**PEOPLE["professional"]),
        "company_a": make_person("a@yritys-a.fi", stakeholder="company"),
        "company_b": make_person("b@yritys-b.fi", stakeholder="company"),
        "handler_x": make_person("hx@example.fi", stakeholder="professional"),
        "handler_y": make_person("hy@example.fi", stakeholder="professional"),
        "coordinator": make_person(**PEOPLE["coordinator"]),
        "labs_staff": make_person(**PEOPLE["labs_staff"]),
        "editor": make_person(**PEOPLE["showroom_editor"]),
    }
    x = make_group("x", chair=people["handler_x"], areas=["oulu"])
    y = make_group("y", chair=people["handler_y"], areas=["lakeus"])

    public = submit(people["resident_a"], area="oulu").suggestion
    suggestion_add_note(actor=people["handler_x"], suggestion=public, note=INTERNAL_NOTE)
    evaluation_save(
        actor=people["handler_x"],
        suggestion=public,
        scores=dict.fromkeys(EvaluationCriterion.objects.active(), 4),
        comment=EVALUATION,
    )
    notify_users(
        users=[people["resident_a"]],
        category=Category.MY_SUGGESTIONS,
        kind="test.secret",
        render=lambda: {"title": NOTIFICATION, "body": NOTIFICATION, "url": "/"},
    )
    suggestion_transition(
        actor=people["handler_x"],
        suggestion=public,
        action=SuggestionAction.REQUEST_INFO,
        message=INFO_QUESTION,
    )
    evaluation_save(
        actor=people["handler_x"],
        suggestion=public,
        scores=dict.fromkeys(EvaluationCriterion.objects.active(), 4),
        comment=EVALUATION,
    )
    private = submit(
        people["resident_a"], area="oulu", title=PRIVATE_TITLE, is_private=True
    ).suggestion
    hidden = submit(people["resident_b"], area="oulu", title=HIDDEN_TITLE).suggestion
    content_hide(actor=people["coordinator"], reason="Asiaton", suggestion=hidden)
    attached = submit(
        people["resident_a"],
        area="oulu",
        is_private=True,
        title=PRIVATE_TITLE,
        attachments=[SimpleUploadedFile("liite.pdf", pdf(), "application/pdf")],
    ).suggestion
    lakeus = submit(people["resident_b"], area="lakeus").suggestion
    meeting = make_meeting(x)

    company_a = labs.make_company("Yritys A Oy", representatives=[people["company_a"]])
    company_b = labs.make_company("Yritys B Oy", representatives=[people["company_b"]])
    application_a = labs.make_application(company_a, people["company_a"], summary=APPLICATION_A)
    labs_services.attachment_add(
        actor=people["company_a"],
        application=application_a,
        uploads=[SimpleUploadedFile("tulokset.pdf", pdf(), "application/pdf")],
    )
    labs.advance(
        application_a,
        ApplicationState.SUBMITTED,
        company_user=people["company_a"],
        staff=people["labs_staff"],
    )
    application_b = labs.make_application(company_b, people["company_b"], summary=APPLICATION_B)
    label = make_label(company_a, people["company_a"], level="tested")
    published = make_listing(label, people["company_a"], state="published", editor=people["editor"])
    draft_label = make_label(company_a, people["company_a"], level="approved")
    draft = make_listing(draft_label, people["company_a"], summary=DRAFT_LISTING)

    notifications = Notification.objects.filter(recipient=people["resident_a"])
    notification = notifications.order_by("pk").first()
    return World(
        people={role: user.pk for role, user in people.items()},
        ids={
            "group_x": x.slug,
            "group_y": y.slug,
            "public": public.reference,
            "private": private.reference,
            "hidden": hidden.reference,
            "hidden_pk": hidden.pk,
            "attached": attached.reference,
            "attachment": attached.attachments.first().token,
            "lakeus": lakeus.reference,
            "meeting": meeting.pk,
            "application_a": application_a.pk,
            "application_b": application_b.pk,
            "labs_attachment": application_a.attachments.first().token,
            "label": label.code,
            "listing": published.slug,
            "draft_listing": draft.slug,
            "notification": notification.pk if notification else 0,
            "comment": 0,
        },
    )
