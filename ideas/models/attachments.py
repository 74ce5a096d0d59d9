"""Files attached to a suggestion, stored under random names after ``popsote.core.uploads``
checked and cleaned them."""

from __future__ import annotations

from django.db import models

from ideas.models.suggestion import Suggestion


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"attachments/{instance.suggestion.reference}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
