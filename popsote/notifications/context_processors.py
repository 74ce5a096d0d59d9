from django.utils.functional import SimpleLazyObject

from popsote.notifications.selectors import unread_count


def unread(request):
    """``notifications_unread`` for the header: counted only when a template shows it."""
    user = getattr(request, "user", None)
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
