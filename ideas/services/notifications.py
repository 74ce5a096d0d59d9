"""Who hears about what happens to a suggestion.

Services call ``suggestion_event(event)`` inside their transaction, right after writing the
event row, so that the notifications are written in the same transaction (the outbox); the
submission calls ``suggestion_received(event)`` with its own.

- A signed-out submitter who gave an address gets the reference and their private tracking
  link right after submitting, in the language of the page they submitted from.
- The submitter hears of every public event of their suggestion made by someone else (a
  signed-out submitter at the address they gave, each time with their tracking link, which
  delivery derives again from the stored nonce: no notification stores it); not of their own
  moves, nor of the routing done at submission (the tracking mail covers that).
- Supporters and followers hear of decisions and of deployment, while the suggestion is public.
- The members of a group hear when a suggestion comes to their group and when a submitter
  answers the group's question; the assignee hears of the assignment. The submitter's own
  notification of the question is marked read when they answer it.
- Coordinators hear of suggestions waiting for triage and of reported content.

Nobody hears of what they did themselves. Texts name the suggestion and the group, never a
person: the same words go to everyone who hears of the event.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ideas.lifecycle import DECISION_ACTIONS, Action
from ideas.models import Follow, Suggestion, Support, tracking_token_for
from ideas.permissions import SUBMITTER_ACTIONS
from popsote.accounts.models import User
from popsote.accounts.roles import COORDINATOR
from popsote.notifications.models import PRIVATE_LINK, Category, Notification
from popsote.notifications.services import (
    notifications_mark_read_about,
    notify_address,
    notify_users,
)
from processing_groups.models import Membership

# Supporters and followers hear of these: the outcomes, not every step.
FOLLOWER_ACTIONS = DECISION_ACTIONS | {Action.MARK_DEPLOYED}
# The platform's own events at submission: the tracking mail already tells the submitter.
SYSTEM_ACTIONS = frozenset({Action.SUBMIT, Action.TRIAGE})
# The tracking mail: the reference and the private link, right after submission.
RECEIVED_KIND = f"suggestion.mine.{Action.SUBMIT}"


def topic_of(suggestion) -> str:
    return f"suggestion:{suggestion.pk}"


def tracking_link(topic: str) -> str | None:
    """The private tracking page of the suggestion ``topic`` names, in the active language, for
    the mails to its signed-out submitter: derived again from the stored nonce each time a mail
    is rendered, never stored (see ``IdeasConfig.notification_private_link``). None for another
    topic, or a suggestion that is gone or has no tracking link."""
    kind, _colon, pk = topic.partition(":")
    if kind != "suggestion" or not pk.isdigit():
        return None
    nonce = Suggestion.objects.filter(pk=pk).values_list("tracking_nonce", flat=True).first()
    if not nonce:
        return None
    return reverse("ideas:track", kwargs={"token": tracking_token_for(nonce)})


def suggestion_received(event, *, language: str) -> Notification | None:
    """Mail a signed-out submitter who gave an address the reference and their private tracking
    link, in ``language`` (the page's), in the caller's transaction; ``event`` is the
    submission's."""
    suggestion = event.suggestion
    if suggestion.submitter_id or not suggestion.submitter_email:
        return None

    def render():
        thanks = (
            _(
                "A contact person of the North Ostrobothnia wellbeing services county entered "
                "your development suggestion “%(title)s”. Thank you!"
            )
            if suggestion.entered_by_id
            else _("Thank you for your development suggestion “%(title)s”.")
        )
        paragraphs = [
            thanks % {"title": suggestion.title},
            f"{_('Reference')}: {suggestion.reference}",
            _(
                "Follow how it is handled, and withdraw it if you wish, with your private "
                "tracking link below."
            ),
            _(
                "Keep the link to yourself: anyone who has it can see the handling and withdraw "
                "the suggestion. Every later message about the handling carries the same link."
            ),
        ]
        return {
            "title": _("Your suggestion %(reference)s was received")
            % {"reference": suggestion.reference},
            "body": "\n\n".join(paragraphs),
            "url": PRIVATE_LINK,
        }

    return notify_address(
        email=suggestion.submitter_email,
        language=language,
        category=Category.MY_SUGGESTIONS,
        kind=RECEIVED_KIND,
        render=render,
        topic=topic_of(suggestion),
        source=f"suggestion_event:{event.pk}",
    )


def suggestion_event(event) -> None:
    """Queue the notifications ``event`` causes, in the caller's transaction."""
    suggestion = event.suggestion
    source = f"suggestion_event:{event.pk}"
    actor_id = event.actor_id
    action = event.action

    if _submitter_hears(event):
        _tell_submitter(event, suggestion, source)
    if action == Action.ANSWER_INFO:
        _question_answered(suggestion)

    if action in FOLLOWER_ACTIONS and suggestion.is_public:
        notify_users(
            users=followers_of(suggestion),
            exclude=[actor_id, suggestion.submitter_id],
            category=Category.FOLLOWED,
            kind=f"suggestion.followed.{action}",
            render=lambda: {
                "title": _("A suggestion you follow: %(what)s") % {"what": Action(action).label},
                "body": _answer(event),
                "url": suggestion.get_absolute_url(),
            },
            topic=topic_of(suggestion),
            source=source,
        )

    if action in (Action.ROUTE, Action.TRANSFER) and suggestion.group_id:
        group = suggestion.group
        notify_users(
            users=_members(suggestion.group_id),
            exclude=[actor_id],
            category=Category.GROUP_WORK,
            kind=f"suggestion.group.{action}",
            render=lambda: {
                "title": _("New suggestion for %(group)s: %(reference)s")
                % {"group": group.name, "reference": suggestion.reference},
                "body": _quoted(suggestion),
                "url": suggestion.get_absolute_url(),
            },
            topic=topic_of(suggestion),
            source=source,
        )
    elif action == Action.ANSWER_INFO and suggestion.group_id:
        notify_users(
            users=_members(suggestion.group_id),
            exclude=[actor_id],
            category=Category.GROUP_WORK,
            kind="suggestion.group.answer_info",
            render=lambda: {
                "title": _("The submitter answered your question: %(reference)s")
                % {"reference": suggestion.reference},
                "body": _quoted(suggestion),
                "url": suggestion.get_absolute_url(),
            },
            topic=topic_of(suggestion),
            source=source,
        )
    elif action == Action.ASSIGN and (event.data or {}).get("assignee"):
        notify_users(
            users=[event.data["assignee"]],
            exclude=[actor_id],
            category=Category.GROUP_WORK,
            kind="suggestion.assigned",
            render=lambda: {
                "title": _("A suggestion was assigned to you: %(reference)s")
                % {"reference": suggestion.reference},
                "body": _quoted(suggestion),
                "url": suggestion.get_absolute_url(),
            },
            topic=topic_of(suggestion),
            source=source,
        )
    elif action == Action.TRIAGE:
        notify_users(
            users=_coordinators(),
            exclude=[actor_id],
            category=Category.COORDINATION,
            kind="suggestion.triage",
            render=lambda: {
                "title": _("A suggestion waits for triage: %(reference)s")
                % {"reference": suggestion.reference},
                "body": _quoted(suggestion),
                "url": reverse("groups:triage"),
            },
            topic=topic_of(suggestion),
            source=source,
        )


def impact_completed(event, suggestion) -> None:
    """Tell the submitter (signed in, or at the address they gave) and the followers that the
    deployed change's impact was assessed, in the caller's transaction; ``event`` is the
    assessment's completion. A private suggestion's followers hear nothing, as of its other
    outcomes."""
    source = f"impact_event:{event.pk}"

    def render():
        return {
            "title": _("The impact of a deployed suggestion was assessed: %(reference)s")
            % {"reference": suggestion.reference},
            "body": _quoted(suggestion, event.public_message),
            "url": f"{suggestion.get_absolute_url()}#impact",
        }

    if suggestion.submitter_id:
        notify_users(
            users=[suggestion.submitter_id],
            exclude=[event.actor_id],
            category=Category.MY_SUGGESTIONS,
            kind="suggestion.mine.impact_completed",
            render=render,
            topic=topic_of(suggestion),
            source=source,
        )
    elif suggestion.tracking_nonce:
        # A signed-out submitter hears of it at the address they gave, with their tracking link.
        notify_address(
            email=suggestion.submitter_email,
            language=suggestion.language,
            category=Category.MY_SUGGESTIONS,
            kind="suggestion.mine.impact_completed",
            render=lambda: {**render(), "url": PRIVATE_LINK},
            topic=topic_of(suggestion),
            source=source,
        )
    if suggestion.is_public:
        notify_users(
            users=followers_of(suggestion),
            exclude=[event.actor_id, suggestion.submitter_id],
            category=Category.FOLLOWED,
            kind="suggestion.followed.impact_completed",
            render=render,
            topic=topic_of(suggestion),
            source=source,
        )


def content_reported(report) -> None:
    """Tell the coordinators that content was reported, in the caller's transaction. The
    reporter and the reason stay in the moderation queue; the notification only points there."""
    suggestion = report.suggestion or report.comment.suggestion
    what = "comment" if report.comment_id else "suggestion"
    notify_users(
        users=_coordinators(),
        exclude=[report.reporter_id],
        category=Category.COORDINATION,
        kind=f"content.reported.{what}",
        render=lambda: {
            "title": (
                _("A comment was reported on %(reference)s")
                if what == "comment"
                else _("A suggestion was reported: %(reference)s")
            )
            % {"reference": suggestion.reference},
            "body": _quoted(suggestion),
            "url": reverse("ideas:moderation"),
        },
        topic=topic_of(suggestion),
        source=f"content_report:{report.pk}",
    )


# --- Internals ------------------------------------------------------------------------------


def _submitter_hears(event) -> bool:
    suggestion = event.suggestion
    if not event.is_public or event.action in SYSTEM_ACTIONS:
        return False
    if event.action in SUBMITTER_ACTIONS:  # their own move
        return False
    if event.action == Action.ROUTE and event.actor_id is None:  # routed at submission
        return False
    if suggestion.submitter_id:
        return suggestion.submitter_id != event.actor_id
    return bool(suggestion.submitter_email)


def _tell_submitter(event, suggestion, source: str) -> None:
    action = event.action

    def render(url, *, tracking: bool = False):
        def text():
            title = _("Your suggestion %(reference)s: %(what)s") % {
                "reference": suggestion.reference,
                "what": Action(action).label,
            }
            body = _answer(event)
            if action == Action.REQUEST_INFO:
                body += "\n\n" + (
                    _("Answer the question on your tracking page: the link below opens it.")
                    if tracking
                    else _("Answer the question on the suggestion's page.")
                )
            if tracking:
                body += "\n\n" + _(
                    "The link below is your private tracking link. Keep it to yourself: anyone "
                    "who has it can see the handling and withdraw the suggestion."
                )
            return {"title": title, "body": body, "url": url()}

        return text

    if suggestion.submitter_id:
        notify_users(
            users=[suggestion.submitter_id],
            category=Category.MY_SUGGESTIONS,
            kind=f"suggestion.mine.{action}",
            render=render(suggestion.get_absolute_url),
            topic=topic_of(suggestion),
            source=source,
        )
        return
    if not suggestion.tracking_nonce:
        return
    notify_address(
        email=suggestion.submitter_email,
        language=suggestion.language,
        category=Category.MY_SUGGESTIONS,
        kind=f"suggestion.mine.{action}",
        render=render(lambda: PRIVATE_LINK, tracking=True),
        topic=topic_of(suggestion),
        source=source,
    )


def _answer(event) -> str:
    """The suggestion's title, the group's message and, for an existing solution, where the
    solution is: the message often says the instructions are behind that link."""
    body = _quoted(event.suggestion, event.public_message)
    link = (event.data or {}).get("link")
    if event.action == Action.EXISTING_SOLUTION and link:
        body += "\n\n" + _("The existing solution: %(link)s") % {"link": link}
    return body


def _question_answered(suggestion) -> None:
    """The submitter answered: the notification that asked them is no longer news to them."""
    if suggestion.submitter_id:
        notifications_mark_read_about(
            user=suggestion.submitter_id,
            topic=topic_of(suggestion),
            kinds=[f"suggestion.mine.{Action.REQUEST_INFO}"],
        )


def _quoted(suggestion, message: str = "") -> str:
    text = f"“{suggestion.title}”"
    return f"{text}\n\n{message}" if message else text


def followers_of(suggestions) -> set[int]:
    """Who follows ``suggestions`` (a suggestion or a queryset of them): the people who follow
    or support one; two queries."""
    if isinstance(suggestions, Suggestion):
        suggestions = [suggestions]
    followers = Follow.objects.filter(suggestion__in=suggestions).values_list("user_id", flat=True)
    supporters = Support.objects.filter(suggestion__in=suggestions).values_list(
        "user_id", flat=True
    )
    return set(followers) | set(supporters)


def _members(group_id: int) -> list[int]:
    return list(Membership.objects.filter(group_id=group_id).values_list("user_id", flat=True))


def _coordinators() -> list[int]:
    return list(
        User.objects.filter(groups__name=COORDINATOR, is_active=True).values_list("pk", flat=True)
    )
