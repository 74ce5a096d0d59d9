"""Who may open each address of the site, by the name of its URL pattern: the access matrix's
expectations, written out by hand rather than read from the permission functions, so that
the test does not repeat the code it checks. A pattern missing here fails the test.

``get``: the roles that may read the page (``EVERYONE``, ``SIGNED_IN`` or a set), or None for
an address that only takes POST; ``post``: the roles whose POST may act (everyone else must
be refused before anything happens). ``kwargs`` names the world's objects the address needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.world import ROLES, STAFF

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset = frozenset()
HANDLERS = frozenset({"handler_x", "handler_y", "coordinator"})
COMPANIES = frozenset({"company_a", "company_b"})


@dataclass(frozen=True)
class Rule:
    get: frozenset | None = EVERYONE
    post: frozenset = NOBODY
    kwargs: dict = field(default_factory=dict)
    query: str = ""


def r(get=EVERYONE, post=NOBODY, query="", **kwargs) -> Rule:
    return Rule(
        get=frozenset(get) if get is not None else None,
        post=frozenset(post),
        kwargs=kwargs,
        query=query,
    )


X = {"handler_x", "coordinator"}
RULES: dict[str, Rule] = {
    # Foundations
    "healthz": r(),
    "set_language": r(get=None, post=EVERYONE),
    "home": r(),
    "javascript-catalog": r(),
    "profile": r(get=SIGNED_IN, post=SIGNED_IN),
    # Suggestions
    "ideas:board": r(),
    "ideas:new": r(post=EVERYONE),
    "ideas:similar": r(),
    "ideas:mine": r(get=SIGNED_IN),
    "ideas:detail": r(reference="public"),
    "ideas:withdraw": r(get=None, post={"resident_a"}, reference="public"),
    "ideas:attachment": r(get={"resident_a", *X}, reference="attached", token="attachment"),
    "ideas:support": r(get=None, post=SIGNED_IN, reference="public"),
    "ideas:follow": r(get=None, post=SIGNED_IN, reference="public"),
    "ideas:comment": r(get=None, post=SIGNED_IN, reference="public"),
    "ideas:comment_edit": r(get=NOBODY, reference="public", comment_id="comment"),
    "ideas:report": r(get=SIGNED_IN - {"resident_a"}, post=SIGNED_IN, reference="public"),
    "ideas:transition": r(get=None, post=X, reference="public"),
    "ideas:assign": r(get=None, post=X, reference="public"),
    "ideas:note": r(get=None, post=X, reference="public"),
    "ideas:answer": r(get=None, post={"resident_a"}, reference="public"),
    "ideas:evaluate": r(get=None, post=X, reference="public"),
    "ideas:impact": r(get=NOBODY, post=X, reference="public"),  # not deployed: 409
    "ideas:track": r(get=NOBODY, token="nothing-here-000000000000000000"),
    "ideas:track_answer": r(get=None, token="nothing-here-000000000000000000"),
    "ideas:challenges": r(),
    "ideas:challenge_new": r(get={"coordinator"}, post={"coordinator"}),
    "ideas:challenge": r(get=NOBODY, slug="no-such-challenge"),
    "ideas:moderation": r(get={"coordinator"}),
    "ideas:moderate": r(get=None, post={"coordinator"}, target="suggestion", pk="hidden_pk"),
    # Handler groups
    "groups:list": r(),
    "groups:queue": r(get=X, slug="group_x"),
    "groups:meetings": r(get=X, slug="group_x"),
    "groups:meeting_create": r(get=X, post=X, slug="group_x"),
    "groups:meeting": r(get=X, post=X, slug="group_x", pk="meeting"),
    "groups:minutes": r(get=X, post=X, slug="group_x", pk="meeting"),
    "groups:minutes_print": r(get=X, slug="group_x", pk="meeting"),
    "groups:triage": r(get={"coordinator"}, post={"coordinator"}),
    "groups:create": r(get={"coordinator"}, post={"coordinator"}),
    "groups:detail": r(slug="group_x"),
    "groups:edit": r(get={"coordinator"}, post={"coordinator"}, slug="group_x"),
    "groups:members": r(get={"coordinator"}, post={"coordinator"}, slug="group_x"),
    # Labs
    "labs:index": r(),
    "labs:labels": r(),
    "labs:label": r(code="label"),
    "labs:label_qr": r(code="label"),
    "labs:call_new": r(get=HANDLERS, post=HANDLERS),  # a group publishes a testing need
    "labs:call": r(get=NOBODY, slug="no-such-call"),
    "labs:apply": r(post=SIGNED_IN),  # what applying asks, then sign in
    "labs:company": r(get=SIGNED_IN, post=SIGNED_IN),
    "labs:invite": r(get=None, post=COMPANIES),
    "labs:invitation": r(get=NOBODY, token="no-such-invitation"),
    "labs:mine": r(get=SIGNED_IN),
    "labs:application": r(get={"company_a", "labs_staff"}, pk="application_a"),
    "labs:edit": r(get=NOBODY, pk="application_a", section="product"),
    "labs:submit": r(get=None, pk="application_b", post={"company_b"}),
    "labs:withdraw": r(get=None, post={"company_a"}, pk="application_a"),
    "labs:reply": r(get=NOBODY, pk="application_a"),
    "labs:evaluation_report": r(get={"labs_staff"}, pk="application_a"),  # not yet shared
    "labs:attachment": r(get={"company_a", "labs_staff"}, token="labs_attachment"),
    "labs:queue": r(get={"labs_staff"}),
    "labs:transition": r(get=None, post={"labs_staff"}, pk="application_a"),
    "labs:note": r(get=None, post={"labs_staff"}, pk="application_a"),
    "labs:screening": r(get={"labs_staff"}, post={"labs_staff"}, pk="application_a"),
    "labs:plan": r(get=NOBODY, pk="application_a"),
    "labs:report": r(get=NOBODY, pk="application_a"),
    "labs:evaluate": r(get=NOBODY, pk="application_a"),
    "labs:decision": r(get=NOBODY, pk="application_a"),
    # Showroom
    "showroom:catalogue": r(),
    "showroom:image": r(get=NOBODY, token="no-such-image"),
    "showroom:mine": r(get=COMPANIES),
    "showroom:create": r(get={"company_a"}, post={"company_a"}),  # B holds no label
    "showroom:review_queue": r(get={"editor"}),
    "showroom:feedback_report": r(get=None, post=SIGNED_IN, pk=999999),
    "showroom:feedback_moderate": r(get=None, post={"editor"}, pk=999999),
    "showroom:detail": r(slug="listing"),
    "showroom:edit": r(
        get={"company_a"}, post={"company_a"}, slug="draft_listing", section="solution"
    ),
    "showroom:submit": r(get=None, post={"company_a"}, slug="draft_listing"),
    "showroom:review": r(get={"editor"}, post={"editor"}, slug="listing"),
    "showroom:transition": r(get=None, post={"editor", "company_a"}, slug="listing"),
    "showroom:interest": r(get=None, post=EVERYONE, slug="listing"),
    "showroom:recommend": r(get=None, post=SIGNED_IN, slug="listing"),
    "showroom:feedback": r(get=None, post=SIGNED_IN, slug="listing"),
    # Metrics
    "metrics:dashboard": r(get=HANDLERS),
    "metrics:dashboard_suggestions": r(get=HANDLERS, extension="csv"),
    "metrics:dashboard_figure": r(get=HANDLERS, code="funnel", extension="csv"),
    "metrics:stats": r(),
    "metrics:stats_figure": r(code="funnel", extension="csv"),
    "open_data:csv": r(),
    "open_data:metadata": r(),
    "open_data:dcat": r(),
    # Notifications
    "notifications:list": r(get=SIGNED_IN),
    "notifications:read_all": r(get=None, post=SIGNED_IN),
    "notifications:read": r(get=None, post={"resident_a"}, notification_id="notification"),
    "notifications:open": r(get={"resident_a"}, notification_id="notification"),
    "notifications:preferences": r(get=SIGNED_IN, post=SIGNED_IN),
    "notifications:unsubscribe": r(get=NOBODY, token="no-such-token"),
    # Accounts (allauth): the sign-in paths answer everyone
    "account_login": r(post=EVERYONE),
    "account_logout": r(post=EVERYONE),
    "account_inactive": r(),
    "account_signup": r(post=EVERYONE),
    "account_reauthenticate": r(get=SIGNED_IN, post=SIGNED_IN),
    "account_email": r(get=SIGNED_IN, post=SIGNED_IN),
    "account_email_verification_sent": r(),
    "account_change_password": r(get=SIGNED_IN, post=SIGNED_IN),
    "account_set_password": r(get=SIGNED_IN, post=SIGNED_IN),
    "account_reset_password": r(post=EVERYONE),
    "account_confirm_login_code": r(get=SIGNED_IN, post=EVERYONE),
    "account_confirm_email": r(post=EVERYONE, key="no-such-key"),
    "account_reset_password_from_key_done": r(),
    "account_reset_password_from_key": r(post=EVERYONE, uidb36="zz", key="x-y"),
    "account_reset_password_done": r(),
    # Sign-in with OpenID Connect (no provider configured in the tests: an unknown one is 404)
    "socialaccount_login_cancelled": r(),
    "socialaccount_login_error": r(get=NOBODY),  # 401: the error page of a failed sign-in
    "socialaccount_signup": r(get=NOBODY, post=EVERYONE),  # nothing pending: to sign-in
    "socialaccount_connections": r(get=SIGNED_IN, post=SIGNED_IN),
    "openid_connect_login": r(get=NOBODY, provider_id="nobody"),
    "openid_connect_callback": r(get=NOBODY, provider_id="nobody"),
    # Privacy and the legal pages
    "privacy:download": r(get=SIGNED_IN),
    "privacy:delete": r(get=SIGNED_IN - STAFF),  # staff give up their roles first (409)
    "privacy:notice": r(),
    "privacy:accessibility": r(),
    # Audit
    "audit:log": r(get={"coordinator"}),
    # Two-step verification (allauth.mfa) and sessions
    "mfa_index": r(get=SIGNED_IN),
    "mfa_authenticate": r(get=SIGNED_IN, post=EVERYONE),  # no sign-in pending: away
    "mfa_reauthenticate": r(get=SIGNED_IN, post=SIGNED_IN),
    "mfa_activate_totp": r(get=SIGNED_IN, post=SIGNED_IN),
    "mfa_deactivate_totp": r(get=NOBODY),  # nobody here has a TOTP yet
    "mfa_view_recovery_codes": r(get=NOBODY),
    "mfa_generate_recovery_codes": r(get=SIGNED_IN, post=SIGNED_IN),
    "mfa_download_recovery_codes": r(get=NOBODY),
    "mfa_list_webauthn": r(get=SIGNED_IN),
    "mfa_add_webauthn": r(get=SIGNED_IN, post=SIGNED_IN),
    "mfa_reauthenticate_webauthn": r(get=SIGNED_IN, post=SIGNED_IN),
    "mfa_remove_webauthn": r(get=SIGNED_IN, pk=999999),  # asks the password first
    "mfa_edit_webauthn": r(get=SIGNED_IN, pk=999999),  # asks the password first
    "usersessions_list": r(get=SIGNED_IN, post=SIGNED_IN),
    "session_end": r(get=None, pk=999999),
    # API
    "api:taxonomy": r(),
    "api:suggestion-list": r(post=EVERYONE),
    "api:suggestion-similar": r(query="text=kotihoito"),
    "api:suggestion-detail": r(reference="public"),
    "api:suggestion-support": r(get=None, post=SIGNED_IN, reference="public"),
    "api:suggestion-comments": r(post=SIGNED_IN, reference="public"),
    "api:suggestion-events": r(reference="public"),
    "api:suggestion-transitions": r(get=None, post=X, reference="public"),
    "api:groups:list": r(get=SIGNED_IN),
    "api:groups:queue": r(get=X, slug="group_x"),
    "api:labs-environment-list": r(),
    "api:labs-application-list": r(get=SIGNED_IN, post=COMPANIES),
    "api:labs-application-detail": r(get={"company_a", "labs_staff"}, id="application_a"),
    "api:labs-application-transitions": r(get=None, post={"labs_staff"}, id="application_a"),
    "api:labs-label-list": r(),
    "api:labs-label-detail": r(code="label"),
    "api:showroom-solution-list": r(),
    "api:showroom-solution-detail": r(slug="listing"),
    "api:notifications:list": r(get=SIGNED_IN),
    "api:notifications:read_all": r(get=None, post=SIGNED_IN),
    "api:notifications:read": r(get=None, post={"resident_a"}, notification_id="notification"),
    "api:stats": r(),
    "api:schema": r(),
    "api:docs": r(),
}
