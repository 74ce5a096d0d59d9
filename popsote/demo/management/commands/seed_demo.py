"""Fill the database with realistic Finnish demo content and one sign-in per role.

Each app owns its demo data in a ``demo`` module with a ``seed(*, stdout)`` function; this
command runs them in the order of INSTALLED_APPS, so foundations come before the domain apps
that use them. Every seeder is idempotent: running the command twice changes nothing.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from popsote.accounts.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Create demo content and demo sign-ins (idempotent; refuses to run with debug off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Debug is off: this looks like production. Demo data would create sign-ins "
                "with a known password. Use --force only on a test or staging database."
            )
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if util.find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(stdout=self.stdout)
        self.print_sign_ins()

    def print_sign_ins(self):
        self.stdout.write(self.style.SUCCESS("\nDemo sign-ins (password: DEMO_PASSWORD):"))
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.email:<32} {user.description}")
        self.stdout.write(f"  password: {settings.POPSOTE_DEMO_PASSWORD}\n")
