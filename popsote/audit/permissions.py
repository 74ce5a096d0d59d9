"""Who reads the audit trail: the coordinators, who answer for the service as a whole. Nobody
changes it, through the site or the admin (see ``popsote.audit.admin``)."""

from popsote.accounts.roles import is_coordinator


def can_browse_audit(user) -> bool:
    return is_coordinator(user)
