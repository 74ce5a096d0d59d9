import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "popsote.settings")

application = get_wsgi_application()


def require_collected_static_files() -> None:
    """Refuse to serve without the manifest of ``collectstatic``.

    Without debug, every ``{% static %}`` looks its file up in that manifest: a site started
    before ``collectstatic`` would answer every page with a 500. Failing here stops the server
    at start with the one command to run instead.
    """
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if isinstance(staticfiles_storage, ManifestFilesMixin) and not staticfiles_storage.exists(
        staticfiles_storage.manifest_name
    ):
        raise ImproperlyConfigured(
            f"The static files are not collected (no {staticfiles_storage.manifest_name} in "
            f"{staticfiles_storage.location}): run `python manage.py collectstatic --noinput` "
            "with the same settings, then start the server again."
        )


require_collected_static_files()
