"""Demo suggestions: a few hundred varied ones, with supports, comments and timelines.

Run by ``manage.py seed_demo`` after the demo sign-ins exist. Realistic Finnish (and some
Swedish and English) texts across areas, service areas, kinds, stakeholder groups and states,
submitted by generated demo participants, signed-out visitors and contact persons, with dates
spread over the last fourteen months. The suggestions, submissions and discussion are inserted
in bulk and lemmatized at once (``ideas.services.indexing.index_suggestions``); the handler
groups then
route and handle them through the services (``ideas.demo.handling``): recent ones mostly open,
older ones mostly decided. Idempotent: a database that has demo suggestions gets nothing new.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from ideas.demo import handling, impact
from ideas.demo.texts import (
    AREA_LOCATIVES,
    AREA_SHARES,
    BENEFICIARIES,
    COMMENTS,
    FIRST_NAMES,
    HANDWRITTEN,
    IDEA_SENTENCES,
    IDEA_TITLES,
    NEED_SENTENCES,
    NEED_TITLES,
    STAKEHOLDER_SHARES,
    SURNAMES,
    TOPICS,
)
from ideas.lifecycle import Action, State
from ideas.models import Challenge, Comment, Follow, Suggestion, SuggestionEvent, Support
from ideas.services.indexing import index_suggestions
from popsote.accounts.demo import DEMO_USERS
from popsote.notifications.services import quiet
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

DEMO_DOMAIN = "@demo.popsote.fi"
PARTICIPANT = "osallistuja-"
SUGGESTIONS = 320
PARTICIPANTS = 48
DAYS = 420
SEED = 20260315


def seed(*, stdout) -> None:
    # The generated participants submit only here: a person trying the demo sign-ins on the
    # site does not count.
    seeded = Suggestion.objects.filter(
        submitter__email__startswith=PARTICIPANT, submitter__email__endswith=DEMO_DOMAIN
    )
    if seeded.exists():
        stdout.write("Demo suggestions: already there")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    people = _participants(rng)
    sign_ins = [user.email for user in DEMO_USERS]
    roles = {user.email: user for user in _users().filter(email__in=sign_ins)}
    challenges = _challenges(now, roles.get("coordinator" + DEMO_DOMAIN))
    suggestions, paths = _suggestions(rng, now, people, roles, challenges)
    index_suggestions(suggestions)
    supports, comments = _discussion(rng, now, suggestions, [*people, *roles.values()], paths)
    # History, not news: the handling writes the site's notifications but e-mails nobody.
    with quiet():
        handled = handling.handle(rng, now, suggestions, roles, paths)
        assessed = impact.assess(rng, now)
    stdout.write(
        f"Demo suggestions: {len(suggestions)}, with {supports} supports and {comments} "
        f"comments; {handled.routed} with a handler group, {handled.in_triage} in triage, "
        f"{handled.events} handling events, {assessed} impact assessments completed"
    )


def _users():
    return get_user_model().objects


def _weighted(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _participants(rng: random.Random) -> list:
    """Demo people who submit, support and comment. They cannot sign in (no password)."""
    groups = {group.code: group for group in StakeholderGroup.objects.all()}
    areas = {area.code: area for area in Area.objects.all()}
    unusable = make_password(None)
    people = []
    for number in range(1, PARTICIPANTS + 1):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        people.append(
            _users().model(
                email=f"{PARTICIPANT}{number:02d}{DEMO_DOMAIN}",
                name=name,
                password=unusable,
                stakeholder_group=groups[_weighted(rng, STAKEHOLDER_SHARES)],
                area=areas[_weighted(rng, AREA_SHARES)],
                show_name=rng.random() < 0.2,
            )
        )
    existing = set(
        _users().filter(email__in=[p.email for p in people]).values_list("email", flat=True)
    )
    _users().bulk_create([person for person in people if person.email not in existing])
    return list(_users().filter(email__in=[p.email for p in people]).order_by("email"))


def _challenges(now, coordinator) -> dict[str, Challenge]:
    open_challenge, _ = Challenge.objects.get_or_create(
        slug="arjen-digituki",
        defaults={
            "title": "Digituki arjen apuna",
            "description": "Miten hyvinvointialue voisi auttaa asukkaita käyttämään sähköisiä "
            "palveluja? Kerro tarpeista ja ideoista, jotka helpottaisivat asiointia verkossa.",
            "opens_at": now - timedelta(days=45),
            "deadline": now + timedelta(days=60),
            "created_by": coordinator,
        },
    )
    closed_challenge, _ = Challenge.objects.get_or_create(
        slug="nuorten-hyvinvointi",
        defaults={
            "title": "Nuorten hyvinvointi ja mielenterveys",
            "description": "Miten nuorten mielenterveyspalveluihin pääsisi nopeammin ja "
            "matalammalla kynnyksellä? Haaste on päättynyt; ehdotukset ovat käsittelyssä.",
            "opens_at": now - timedelta(days=200),
            "deadline": now - timedelta(days=20),
            "created_by": coordinator,
        },
    )
    return {"digital": open_challenge, "youth": closed_challenge}


def _texts(rng: random.Random) -> list[dict]:
    """Handwritten suggestions and ones composed from the topic templates, each different."""
    texts = [dict(vars(item)) for item in HANDWRITTEN]
    combinations = [
        (topic, title, kind)
        for topic in TOPICS
        for kind, titles in (("need", NEED_TITLES), ("idea", IDEA_TITLES))
        for title in titles
    ]
    rng.shuffle(combinations)
    for topic, title, kind in combinations[: SUGGESTIONS - len(texts)]:
        forms = topic.forms()
        sentences = NEED_SENTENCES if kind == "need" else IDEA_SENTENCES
        description = " ".join(rng.sample(sentences, rng.randint(2, 3)))
        solution = ""
        if kind == "need" and rng.random() < 0.45:
            solution = rng.choice(IDEA_SENTENCES)
        texts.append(
            {
                "title": title.format(**forms),
                "description": description,
                "proposed_solution": solution,
                "beneficiaries": rng.choice(BENEFICIARIES) if rng.random() < 0.6 else "",
                "service_area": topic.service_area,
                "kind": kind,
                "language": "fi",
                "stakeholder_group": _weighted(rng, STAKEHOLDER_SHARES),
                "forms": forms,
            }
        )
    rng.shuffle(texts)
    return texts


def _suggestions(rng, now, people, roles, challenges) -> tuple[list[Suggestion], dict]:
    """The suggestions as submitted (all received), and how far each will be handled, by
    reference."""
    kinds = {kind.code: kind for kind in SuggestionKind.objects.all()}
    service_areas = {term.code: term for term in ServiceArea.objects.all()}
    groups = {group.code: group for group in StakeholderGroup.objects.all()}
    areas = {area.code: area for area in Area.objects.all()}
    by_group = defaultdict(list)
    for person in people:
        by_group[person.stakeholder_group.code].append(person)
    # The demo sign-ins find a few suggestions of their own under "my suggestions".
    own = [
        roles[email]
        for email in ("resident" + DEMO_DOMAIN, "staff" + DEMO_DOMAIN)
        if email in roles
    ]
    contact = roles.get("staff" + DEMO_DOMAIN)

    drafts = []
    for index, text in enumerate(_texts(rng)):
        created_at = now - timedelta(days=rng.uniform(0, DAYS), minutes=rng.randint(0, 600))
        area = _weighted(rng, AREA_SHARES)
        forms = {**text.pop("forms", {}), "Area": AREA_LOCATIVES[area]}
        suggestion = Suggestion(
            title=text["title"],
            description=text["description"].format(**forms),
            proposed_solution=text["proposed_solution"].format(**forms),
            beneficiaries=text["beneficiaries"],
            kind=kinds[text["kind"]],
            area=areas[area],
            service_area=service_areas[text["service_area"]],
            stakeholder_group=groups[text["stakeholder_group"]],
            language=text["language"],
            created_at=created_at,
            state=State.RECEIVED,
            is_private=rng.random() < 0.03,
        )
        how = rng.random()
        if index < len(own) * 3:
            suggestion.submitter = own[index % len(own)]
        elif how < 0.7 and by_group[text["stakeholder_group"]]:
            suggestion.submitter = rng.choice(by_group[text["stakeholder_group"]])
            suggestion.show_submitter_name = rng.random() < 0.15
        elif how < 0.94 or contact is None:
            suggestion.submitter_email = ""  # signed out, without an e-mail
        else:
            suggestion.entered_by = contact
            suggestion.channel = rng.choice(["event", "phone", "paper"])
        if suggestion.submitter is not None:
            suggestion.stakeholder_group = suggestion.submitter.stakeholder_group
        _maybe_in_challenge(rng, suggestion, text, challenges)
        age_days = (now - created_at).total_seconds() / 86400
        path = handling.plan(rng, age_days, has_submitter=suggestion.submitter is not None)
        drafts.append((suggestion, path))

    drafts.sort(key=lambda draft: draft[0].created_at)
    _give_references([suggestion for suggestion, _ in drafts])
    paths = {suggestion.reference: path for suggestion, path in drafts}
    created = Suggestion.objects.bulk_create([suggestion for suggestion, _ in drafts])
    _submissions(created)
    Follow.objects.bulk_create(
        [Follow(suggestion=s, user=s.submitter) for s in created if s.submitter_id],
        ignore_conflicts=True,
    )
    return created, paths


def _maybe_in_challenge(rng, suggestion, text, challenges) -> None:
    digital = challenges["digital"]
    youth = challenges["youth"]
    roll = rng.random()
    topic = text["service_area"]
    if topic in {"digital", "older-people"} and suggestion.created_at >= digital.opens_at:
        suggestion.challenge = digital if roll < 0.4 else None
    youth_topics = {"mental-health-substance", "wellbeing-promotion"}
    if topic in youth_topics and youth.opens_at <= suggestion.created_at < youth.deadline:
        suggestion.challenge = youth if roll < 0.6 else None


def _give_references(drafts: list[Suggestion]) -> None:
    """``2026-000123``: a block of numbers per year, reserved in one statement each."""
    by_year = defaultdict(list)
    for suggestion in drafts:
        by_year[suggestion.created_at.year].append(suggestion)
    with connection.cursor() as cursor:
        for year, suggestions in by_year.items():
            cursor.execute(
                "INSERT INTO ideas_referencesequence (year, last) VALUES (%s, %s) "
                "ON CONFLICT (year) DO UPDATE "
                "SET last = ideas_referencesequence.last + EXCLUDED.last RETURNING last",
                [year, len(suggestions)],
            )
            (last,) = cursor.fetchone()
            first = last - len(suggestions) + 1
            for number, suggestion in enumerate(suggestions, start=first):
                suggestion.reference = f"{year}-{number:06d}"


def _submissions(suggestions) -> None:
    """The submission event of each, at its own time (routing is the services' work)."""
    events = [
        SuggestionEvent(
            suggestion=s,
            actor=s.submitter or s.entered_by,
            action=Action.SUBMIT,
            from_state="",
            to_state=State.RECEIVED,
            data={"channel": s.channel} if s.entered_by_id else {},
        )
        for s in suggestions
    ]
    created = SuggestionEvent.objects.bulk_create(events)
    _backdate(
        SuggestionEvent,
        [(event.pk, s.created_at) for event, s in zip(created, suggestions, strict=True)],
    )


def _discussion(rng, now, suggestions, people, paths) -> tuple[int, int]:
    """Supports (few for most, many for some) and comments in the suggestion's language, before
    the handling: a merge carries the supporters over."""
    supports, follows, comments, dates = [], [], [], {}
    support_counts, comment_counts = {}, {}
    for s in suggestions:
        if not s.is_public or paths[s.reference] == "withdrawn":
            continue
        others = [person for person in people if person.pk != s.submitter_id]
        count = min(int(rng.paretovariate(1.3)) - 1, len(others))
        supporters = rng.sample(others, count) if count > 0 else []
        for person in supporters:
            supports.append(Support(suggestion=s, user=person))
            follows.append(Follow(suggestion=s, user=person))
        support_counts[s.pk] = len(supporters)
        written = rng.choices([0, 0, 1, 2, 3], k=1)[0]
        for _ in range(written):
            comment = Comment(
                suggestion=s, author=rng.choice(others), body=rng.choice(COMMENTS[s.language])
            )
            comments.append(comment)
        comment_counts[s.pk] = written
    Support.objects.bulk_create(supports)
    Follow.objects.bulk_create(follows, ignore_conflicts=True)
    created = Comment.objects.bulk_create(comments)
    for comment in created:
        age = (now - comment.suggestion.created_at).total_seconds()
        dates[comment.pk] = comment.suggestion.created_at + timedelta(
            seconds=rng.uniform(0.1, 0.9) * age
        )
    _backdate(Comment, list(dates.items()))
    _set_counts(support_counts, comment_counts)
    return len(supports), len(comments)


def _backdate(model, rows: list[tuple[int, object]]) -> None:
    """``auto_now_add`` stamps bulk rows with today; the demo's history needs its own dates."""
    if not rows:
        return
    from psycopg2.extras import execute_values

    table = model._meta.db_table
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {table} AS t SET created_at = v.at::timestamptz "  # noqa: S608
            "FROM (VALUES %s) AS v(id, at) WHERE t.id = v.id",
            rows,
            page_size=1000,
        )


def _set_counts(support_counts: dict[int, int], comment_counts: dict[int, int]) -> None:
    from psycopg2.extras import execute_values

    rows = [
        (pk, support_counts.get(pk, 0), comment_counts.get(pk, 0))
        for pk in support_counts.keys() | comment_counts.keys()
    ]
    if not rows:
        return
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            "UPDATE ideas_suggestion AS s SET support_count = v.supports, "
            "comment_count = v.comments FROM (VALUES %s) AS v(id, supports, comments) "
            "WHERE s.id = v.id",
            rows,
            page_size=1000,
        )
