from django.core.management import call_command
from django.db import migrations, models

# The table of the database cache (CACHES in settings): the cache itself without Redis, and
# where the Redis cache turns while Redis is down. Created whatever CACHES says today, so that
# a site can start or stop using Redis without a step of its own.
CACHE_TABLE = "core_cache"


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("hits", models.PositiveIntegerField()),
                ("window_ends_at", models.DateTimeField(db_index=True)),
            ],
            options={"db_table": "core_rate_counter"},
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
