from django.db import models


class LexiconEntry(models.Model):
    """A word form and its lemma (``kotihoidon`` → ``kotihoito``), per language.

    Lemmatizing Finnish in-process costs ~5 s and ~420 MB per process, too much for every web
    worker. Documents are lemmatized where that is cheap (a Celery worker, or inline in
    development), and every form met there lands here; a query then turns its words into lemmas
    with one indexed lookup. ``manage.py load_lexicon`` fills the table with whole dictionaries.
    """

    language = models.CharField(max_length=2)
    form = models.CharField(max_length=100)
    lemma = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "form"], name="search_lexicon_form_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language}:{self.form} → {self.lemma}"
