"""What every Labs write shares: the application's lock and its event row."""

from __future__ import annotations

from labs.models import Application, ApplicationEvent


def lock_application(application: Application | int) -> Application:
    """The application's row, locked until the caller's transaction ends: two people acting on
    one application wait for each other, and each sees the state the other left."""
    pk = application if isinstance(application, int) else application.pk
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("company", "call")
        .get(pk=pk)
    )


def write_event(
    application: Application,
    *,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    public_message: str = "",
    internal_note: str = "",
    is_public: bool = True,
    data: dict | None = None,
) -> ApplicationEvent:
    """The row of the application's timeline (its audit trail) for what just happened."""
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state or application.state,
        to_state=to_state or application.state,
        public_message=public_message,
        internal_note=internal_note,
        is_public=is_public,
        data=data or {},
    )
