from django.utils.functional import SimpleLazyObject

from popsote.accounts.roles import role_names


def roles(request):
    """``user_roles`` for the header's links: read only when a template asks, and at most once
    a request (the roles are cached on the user object that the views check too)."""
    user = getattr(request, "user", None)
    return {"user_roles": SimpleLazyObject(lambda: role_names(user))}
