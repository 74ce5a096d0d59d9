"""The showroom's categories of the design, as data the editors may edit in the admin (view,
add and change; retired with ``is_active``, never deleted)."""

from django.db import migrations

CATEGORIES = [
    ("everyday_life", "Arki kotona", "Vardagen hemma", "Everyday life at home"),
    ("health", "Terveys ja omahoito", "Hälsa och egenvård", "Health and self-care"),
    ("safety", "Turvallisuus", "Trygghet och säkerhet", "Safety"),
    ("social", "Yhteydenpito ja sosiaalinen elämä", "Kommunikation och socialt liv",
     "Communication and social life"),
    ("mobility", "Liikkuminen", "Rörlighet", "Mobility"),
    ("rehabilitation", "Kuntoutus", "Rehabilitering", "Rehabilitation"),
    ("professional", "Ammattilaisten työ", "Yrkespersonernas arbete", "Professionals' work"),
]

ACTIONS = ["view", "add", "change"]


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    category_model = apps.get_model("showroom", "Category")
    for position, (code, fi, sv, en) in enumerate(CATEGORIES):
        category_model.objects.update_or_create(
            code=code,
            defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
        )
    # Permissions are normally created after all migrations; on a fresh database they do not
    # exist yet, so create the showroom app's now (idempotent).
    app_config = apps.get_app_config("showroom")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="showroom_editor")
    editors.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="showroom",
            codename__in=[f"{action}_category" for action in ACTIONS],
        )
    )


def unseed(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="showroom_editor").first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="showroom"))


class Migration(migrations.Migration):
    dependencies = [
        ("showroom", "0001_initial"),
        ("accounts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
