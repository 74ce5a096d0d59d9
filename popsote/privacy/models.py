"""What the retention jobs must remember between their runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InactivityWarning(models.Model):
    """The person was told that their unused account will be removed.

    The account goes a set time after ``warned_at`` unless the person signs in before then
    (``last_login`` later than the warning); a sign-in makes the row stale and the next run
    deletes it, so a later spell of disuse warns anew.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="inactivity_warning",
    )
    warned_at = models.DateTimeField(_("warned"))

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"{self.user_id} {self.warned_at:%Y-%m-%d}"
