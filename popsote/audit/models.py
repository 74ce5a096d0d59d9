"""The account events: sign-ins, failed attempts, sign-outs and changes of a person's
authenticators (MFA), one row each, appended and never changed.

The other sources of the audit trail are the entities' own event tables (``SuggestionEvent``,
``ApplicationEvent``, ``ListingEvent``, ``GroupEvent``) and the admin's ``LogEntry``;
``popsote.audit.selectors`` reads them together.

Append-only, in the database too: a trigger (migration 0002) refuses UPDATE and DELETE on the
table for every connection of the site, the admin's and a shell's alike. The one change it lets
through is the erasure of a person: ``audit_pseudonymise_account(user_id)``, a SQL function of the
same migration, replaces the e-mail address, client address and browser of that account's rows
with a pseudonym (``erased-<id>``) and keeps the rows, their times and actions, and the account
id, so that the trail still shows that one account signed in at those times. It runs when an
account is deleted (``popsote.audit.signals``); a data-protection officer who must erase a
person whose account is already gone runs it by hand with the id
(``SELECT audit_pseudonymise_account(42);``). Removing rows at the end of their retention time is
a decision for the data-protection officer, made in a migration that drops and recreates the
trigger around its DELETE: deliberate, reviewed and on record in the code's history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGNED_OUT = "signed_out", _("Signed out")
        MFA_ADDED = "mfa_added", _("Authenticator added")
        MFA_REMOVED = "mfa_removed", _("Authenticator removed")
        MFA_RESET = "mfa_reset", _("Authenticator reset")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # No foreign key in the database: deleting an account must neither delete its trail nor
    # try to change it (the trigger would refuse), and a failed attempt may name nobody.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The account's address at the time, or the address typed into a failed attempt.
    email = models.CharField(_("e-mail address"), max_length=254, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The kind of authenticator of an MFA change (``totp``, ``webauthn``, ``recovery_codes``).
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="audit_account_timeline")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.email}"
