"""Site-wide roles are Django groups created by a migration; their names are stable codes.

Membership of a handler group is not a role: it lives in ``processing_groups``. Coordinators
may view, add and change taxonomy terms in the admin (granted by migration 0003; they need
``is_staff`` too); terms are retired, never deleted.
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinator"
LABS_STAFF = "labs_staff"
SHOWROOM_EDITOR = "showroom_editor"

ROLES = {
    COORDINATOR: _("Coordinator"),
    LABS_STAFF: _("Labs staff"),
    SHOWROOM_EDITOR: _("Showroom editor"),
}


def role_names(user) -> frozenset[str]:
    """The user's roles, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_popsote_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._popsote_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATOR)


def is_labs_staff(user) -> bool:
    return has_role(user, LABS_STAFF)


def is_showroom_editor(user) -> bool:
    return has_role(user, SHOWROOM_EDITOR)


# The stakeholder group of the county's own staff (``popsote.taxonomy``): who may recommend a
# showroom solution as a professional.
PROFESSIONAL_GROUP = "professional"


def is_professional(user) -> bool:
    """A signed-in person whose stakeholder group is the county's professionals (staff), read
    once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.stakeholder_group_id:
        return False
    cached = getattr(user, "_popsote_professional", None)
    if cached is None:
        cached = user.stakeholder_group.code == PROFESSIONAL_GROUP
        user._popsote_professional = cached
    return cached
