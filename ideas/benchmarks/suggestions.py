"""Bulk suggestions for ``manage.py benchmark_suggestions``, and what it measures.

Rows are realistic: the demo's Finnish topic templates (with their inflected forms), some
Swedish and English texts, and compound words drawn from a Zipf distribution so that word
frequencies look like a real corpus (a few words in a third of the rows, most in a handful).
Their search vectors are the ones the indexer would store, made with the same
``vector_literal`` from a vocabulary lemmatized once, and everything goes in with COPY.
Benchmark rows carry ``BENCH_EMAIL`` as their e-mail and references of the year 1900, so that
they are told apart from real ones and removed afterwards.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from ideas.demo.texts import (
    AREA_LOCATIVES,
    AREA_SHARES,
    BENEFICIARIES,
    HANDWRITTEN,
    IDEA_SENTENCES,
    IDEA_TITLES,
    NEED_SENTENCES,
    NEED_TITLES,
    STAKEHOLDER_SHARES,
    TOPICS,
)
from ideas.lifecycle import State
from ideas.models import Challenge, Suggestion
from ideas.services.indexing import WEIGHTED_FIELDS
from popsote.search.text import (
    lemmatize_words,
    remember_forms,
    snowball_stems,
    tokens,
    vector_literal,
)
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

BENCH_EMAIL = "benchmark@bench.invalid"
BENCH_YEAR = 1900
CHALLENGE_PREFIX = "bench-"
COLUMNS = (
    "reference",
    "title",
    "description",
    "proposed_solution",
    "beneficiaries",
    "kind_id",
    "area_id",
    "service_area_id",
    "stakeholder_group_id",
    "challenge_id",
    "language",
    "state",
    "submitter_email",
    "show_submitter_name",
    "channel",
    "tracking_nonce",
    "solution_link",
    "is_private",
    "is_hidden",
    "support_count",
    "comment_count",
    "search_vector",
    "indexed_at",
    "created_at",
    "updated_at",
)
FIRST_PARTS = [
    "koti",
    "etä",
    "kuntoutus",
    "lasten",
    "nuoriso",
    "vanhus",
    "omais",
    "perhe",
    "mielenterveys",
    "päihde",
    "vammais",
    "sosiaali",
    "terveys",
    "hammas",
    "silmä",
    "sydän",
    "diabetes",
    "muisti",
    "uni",
    "liikunta",
    "ravitsemus",
    "kuljetus",
    "asiointi",
    "palvelu",
    "hoito",
    "lääke",
    "rokotus",
    "neuvola",
    "koulu",
    "työterveys",
    "päivystys",
    "kriisi",
    "asumis",
    "talous",
    "velka",
    "kotouttamis",
    "tulkkaus",
    "apuväline",
    "kuntoutumis",
    "saattohoito",
]
SECOND_PARTS = [
    "ohjaaja",
    "sovellus",
    "ryhmä",
    "kokeilu",
    "malli",
    "kartoitus",
    "käynti",
    "neuvonta",
    "valmennus",
    "tiimi",
    "suunnitelma",
    "kysely",
    "lomake",
    "jono",
    "pilotti",
    "verkosto",
    "koulutus",
    "palaute",
    "portaali",
    "tarkastus",
    "arviointi",
    "kurssi",
    "infopiste",
    "lähete",
    "tukihenkilö",
]
RARE_SENTENCES = (
    "Asiaan liittyy myös {rare}.",
    "Esimerkiksi {rare} voisi auttaa.",
    "Tästä keskusteltiin, kun {rare} otettiin puheeksi.",
)
STATES = {
    State.RECEIVED: 30,
    State.IN_PROCESSING: 40,
    State.INFO_REQUESTED: 3,
    State.ACCEPTED: 8,
    State.IN_IMPLEMENTATION: 3,
    State.DEPLOYED: 3,
    State.NOT_ADVANCED: 7,
    State.MERGED: 2,
    State.EXISTING_SOLUTION: 2,
    State.WITHDRAWN: 2,
}
YEARS = 5


def compounds() -> list[str]:
    """A thousand compound words, the most common first (Zipf ranks)."""
    words = [first + second for second in SECOND_PARTS for first in FIRST_PARTS]
    random.Random(7).shuffle(words)
    return words


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Every word the rows can hold, per language, with its lemma and stem: lemmatized once
    per process (simplemma is slow to load, fast after)."""
    texts = {"fi": [], "sv": [], "en": []}
    for topic in TOPICS:
        forms = {**topic.forms(), "Area": "", "rare": ""}
        for template in (*NEED_TITLES, *IDEA_TITLES, *NEED_SENTENCES, *IDEA_SENTENCES):
            texts["fi"].append(template.format(**forms))
    texts["fi"] += [*AREA_LOCATIVES.values(), *BENEFICIARIES, *compounds(), *RARE_SENTENCES]
    for item in HANDWRITTEN:
        texts[item.language] += [item.title, item.description, item.proposed_solution]
        texts[item.language].append(item.beneficiaries)
    result = {}
    for language, found in texts.items():
        forms = {token for text in found for token in tokens(text)}
        result[language] = (lemmatize_words(forms, language), snowball_stems(forms, language))
    return result


def bench_rows():
    return Suggestion.objects.filter(submitter_email=BENCH_EMAIL)


def other_rows():
    return Suggestion.objects.exclude(submitter_email=BENCH_EMAIL)


class Builder:
    """Makes ``count`` rows after the ``start``-th and COPYs them in."""

    def __init__(self, *, seed: int = 2026):
        self.rng = random.Random(seed)
        self.rare = compounds()
        weights = [1 / (rank**1.1) for rank in range(1, len(self.rare) + 1)]
        self.rare_weights = list(_cumulative(weights))
        self.terms = {
            "kind": {term.code: term.pk for term in SuggestionKind.objects.all()},
            "area": {term.code: term.pk for term in Area.objects.all()},
            "service_area": {term.code: term.pk for term in ServiceArea.objects.all()},
            "stakeholder": {term.code: term.pk for term in StakeholderGroup.objects.all()},
        }
        self.challenges = self._challenges()
        self.foreign = [item for item in HANDWRITTEN if item.language != "fi"]
        self.alternatives = self._vocabulary()

    def _challenges(self) -> list[int]:
        now = timezone.now()
        return [
            Challenge.objects.get_or_create(
                slug=f"{CHALLENGE_PREFIX}{number}",
                defaults={
                    "title": f"Benchmark challenge {number}",
                    "description": "Rows of the benchmark.",
                    "opens_at": now - timedelta(days=365 * YEARS),
                    "deadline": now + timedelta(days=365),
                },
            )[0].pk
            for number in range(5)
        ]

    def _vocabulary(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """form → (lemma, stem) for every word the rows can hold, per language; and the
        lexicon learns every form, as indexing real suggestions would teach it."""
        alternatives = {}
        for language, (lemmas, stems) in vocabulary().items():
            remember_forms(language, lemmas)
            alternatives[language] = {
                form: tuple(x for x in (lemma, stems.get(form, "")) if x)
                for form, lemma in lemmas.items()
            }
        return alternatives

    def _rare(self) -> str:
        return self.rng.choices(self.rare, cum_weights=self.rare_weights)[0]

    def _text(self, area: str) -> dict:
        rng = self.rng
        if rng.random() < 0.08:
            item = rng.choice(self.foreign)
            return {
                "title": item.title,
                "description": item.description,
                "proposed_solution": item.proposed_solution,
                "beneficiaries": item.beneficiaries,
                "service_area": item.service_area,
                "kind": item.kind,
                "language": item.language,
            }
        topic = rng.choice(TOPICS)
        kind = "need" if rng.random() < 0.55 else "idea"
        rare = self._rare()
        forms = {**topic.forms(), "Area": AREA_LOCATIVES[area], "rare": rare}
        title = rng.choice(NEED_TITLES if kind == "need" else IDEA_TITLES).format(**forms)
        if rng.random() < 0.5:
            title = f"{title}: {rare}"
        sentences = rng.sample(NEED_SENTENCES if kind == "need" else IDEA_SENTENCES, 2)
        sentences.append(rng.choice(RARE_SENTENCES))
        if rng.random() < 0.5:
            sentences.append(rng.choice(RARE_SENTENCES).replace("{rare}", self._rare()))
        rng.shuffle(sentences)
        return {
            "title": title,
            "description": " ".join(sentences).format(**forms),
            "proposed_solution": rng.choice(IDEA_SENTENCES).format(**forms)
            if kind == "need" and rng.random() < 0.4
            else "",
            "beneficiaries": rng.choice(BENEFICIARIES) if rng.random() < 0.5 else "",
            "service_area": topic.service_area,
            "kind": kind if rng.random() < 0.95 else rng.choice(["collaboration", "invention"]),
            "language": "fi",
        }

    def row(self, number: int, created_at: datetime) -> str:
        rng = self.rng
        area = _pick(rng, AREA_SHARES)
        text = self._text(area)
        alternatives = self.alternatives[text["language"]]
        vector = vector_literal(
            [(text[field], weight) for field, weight in WEIGHTED_FIELDS],
            lambda token, known=alternatives: known.get(token, ()),
        )
        values = (
            f"{BENCH_YEAR + number // 1_000_000:04d}-{number % 1_000_000:06d}",
            text["title"][:200],
            text["description"],
            text["proposed_solution"],
            text["beneficiaries"],
            self.terms["kind"][text["kind"]],
            self.terms["area"][area],
            self.terms["service_area"][text["service_area"]],
            self.terms["stakeholder"][_pick(rng, STAKEHOLDER_SHARES)],
            rng.choice(self.challenges) if rng.random() < 0.02 else None,
            text["language"],
            _pick(rng, STATES),
            BENCH_EMAIL,
            False,
            "online",
            "",
            "",
            rng.random() < 0.02,
            rng.random() < 0.003,
            min(int(rng.paretovariate(1.2)) - 1, 5000),
            min(int(rng.paretovariate(1.5)) - 1, 500),
            vector,
            created_at.isoformat(),
            created_at.isoformat(),
            created_at.isoformat(),
        )
        return "\t".join(_copy_value(value) for value in values) + "\n"

    def copy(self, *, start: int, count: int, chunk: int = 20_000) -> None:
        """Rows ``start + 1 … start + count``, oldest first, spread over ``YEARS`` years."""
        end = timezone.now()
        begin = end - timedelta(days=365 * YEARS)
        step = (end - begin) / max(start + count, 1)
        sql = f"COPY ideas_suggestion ({', '.join(COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor:
            for first in range(start + 1, start + count + 1, chunk):
                buffer = io.StringIO()
                for number in range(first, min(first + chunk, start + count + 1)):
                    jitter = timedelta(seconds=self.rng.uniform(0, step.total_seconds()))
                    buffer.write(self.row(number, begin + step * (number - 1) + jitter))
                buffer.seek(0)
                cursor.cursor.copy_expert(sql, buffer)


def _pick(rng: random.Random, shares: dict) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _cumulative(weights):
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


# --- Indexes around a large load ------------------------------------------------------------


def secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that no constraint needs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = 'ideas_suggestion' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        return cursor.fetchall()
