"""What every Labs write shares: the application's lock (each writes its row with
``ApplicationEvent.record``)."""

from __future__ import annotations

from labs.models import Application


def lock_application(application: Application | int) -> Application:
    """The application's row, locked until the caller's transaction ends: two people acting on
    one application wait for each other, and each sees the state the other left."""
    pk = application if isinstance(application, int) else application.pk
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("company", "call")
        .get(pk=pk)
    )
