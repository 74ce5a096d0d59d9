"""Demo sign-ins, one per role. The password comes from DEMO_PASSWORD."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from popsote.accounts import roles
from popsote.accounts.models import User
from popsote.taxonomy.models import Area, StakeholderGroup


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    stakeholder_group: str
    area: str
    organisation: str = ""
    role: str = ""
    is_staff: bool = False
    description: str = ""


DEMO_USERS = [
    DemoUser("resident@demo.popsote.fi", "Aino Asukas", "resident", "oulu", description="resident"),
    DemoUser(
        "staff@demo.popsote.fi",
        "Sanna Sairaanhoitaja",
        "professional",
        "lakeus",
        organisation="Pohjois-Pohjanmaan hyvinvointialue",
        description="professional (staff)",
    ),
    DemoUser(
        "company@demo.popsote.fi",
        "Kalle Kehittäjä",
        "company",
        "oulu",
        organisation="Hyvinvointiteknologia Oy",
        description="company representative",
    ),
    DemoUser(
        "handler@demo.popsote.fi",
        "Heikki Käsittelijä",
        "professional",
        "koillismaa",
        organisation="Pohjois-Pohjanmaan hyvinvointialue",
        description="handler group member",
    ),
    DemoUser(
        "coordinator@demo.popsote.fi",
        "Kaisa Koordinaattori",
        "professional",
        "whole-county",
        organisation="Pohjois-Pohjanmaan hyvinvointialue",
        role=roles.COORDINATOR,
        is_staff=True,
        description="coordinator",
    ),
    DemoUser(
        "labs@demo.popsote.fi",
        "Lauri Labs",
        "professional",
        "oulu",
        organisation="OuluHealth Labs",
        role=roles.LABS_STAFF,
        description="labs staff",
    ),
    DemoUser(
        "editor@demo.popsote.fi",
        "Eeva Editori",
        "professional",
        "oulu",
        organisation="AADA",
        role=roles.SHOWROOM_EDITOR,
        description="showroom editor",
    ),
]


def seed(*, stdout) -> None:
    groups = {group.code: group for group in StakeholderGroup.objects.all()}
    areas = {area.code: area for area in Area.objects.all()}
    # Hashing is slow on purpose; the demo sign-ins share one password, so hash it once.
    password_hash = None
    for demo in DEMO_USERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            password_hash = password_hash or make_password(settings.POPSOTE_DEMO_PASSWORD)
            user = User.objects.create_user(
                email=demo.email,
                password=None,
                name=demo.name,
                stakeholder_group=groups[demo.stakeholder_group],
                area=areas[demo.area],
                organisation=demo.organisation,
                is_staff=demo.is_staff,
            )
            user.password = password_hash
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=demo.email, defaults={"verified": True, "primary": True}
        )
        if demo.role:
            user.groups.add(Group.objects.get(name=demo.role))
    stdout.write(f"Demo sign-ins: {len(DEMO_USERS)}")
