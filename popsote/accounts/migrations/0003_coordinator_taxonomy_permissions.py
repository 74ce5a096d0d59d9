"""Coordinators manage the taxonomies in the admin: view, add and change, never delete.

Terms are retired with ``is_active`` so that old suggestions keep their meaning.
"""

from django.db import migrations

TAXONOMY_MODELS = ["area", "servicearea", "stakeholdergroup", "suggestionkind", "strategytheme"]
ACTIONS = ["view", "add", "change"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations have run; on a fresh database they
    # do not exist yet, so create the taxonomy app's now (this is idempotent).
    app_config = apps.get_app_config("taxonomy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    coordinator, _ = group_model.objects.get_or_create(name="coordinator")
    codenames = [f"{action}_{model}" for model in TAXONOMY_MODELS for action in ACTIONS]
    permissions = permission_model.objects.filter(
        content_type__app_label="taxonomy", codename__in=codenames
    )
    coordinator.permissions.add(*permissions)


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    coordinator = group_model.objects.filter(name="coordinator").first()
    if coordinator is not None:
        coordinator.permissions.remove(
            *coordinator.permissions.filter(content_type__app_label="taxonomy")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("taxonomy", "0002_seed_terms"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
