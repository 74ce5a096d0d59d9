"""What the figures count a row under, frozen when the row is written: the group that had a
suggestion when each of its events happened, and the stakeholder group a supporter or a
commenter had then. Earlier rows get the best answer the records give: an event the group
named by the latest route or transfer before it (the suggestion's present group if that group
was renamed since, none before the first move), otherwise the suggestion's present group; a
support or a comment the person's present stakeholder group.
"""

import django.db.models.deletion
from django.db import migrations, models

EVENT_GROUPS = """
UPDATE ideas_suggestionevent e SET group_id = COALESCE(
    (
        SELECT COALESCE(g.id, s.group_id) FROM ideas_suggestionevent m
        LEFT JOIN processing_groups_handlergroup g ON g.slug = m.data ->> 'group'
        WHERE m.suggestion_id = e.suggestion_id AND m.action IN ('route', 'transfer')
            AND (m.created_at, m.id) <= (e.created_at, e.id)
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1
    ),
    CASE WHEN EXISTS (
        SELECT 1 FROM ideas_suggestionevent m
        WHERE m.suggestion_id = e.suggestion_id AND m.action IN ('route', 'transfer')
    ) THEN NULL ELSE s.group_id END
)
FROM ideas_suggestion s
WHERE s.id = e.suggestion_id
"""

PEOPLES_GROUPS = [
    f"UPDATE ideas_{table} t SET stakeholder_group_id = u.stakeholder_group_id "
    f"FROM accounts_user u WHERE u.id = t.{person}"  # noqa: S608 (constants)
    for table, person in (("support", "user_id"), ("comment", "author_id"))
]


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0007_impact_assessment"),
        ("processing_groups", "0001_initial"),
        ("taxonomy", "0004_seed_reasons_criteria"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="stakeholder_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="taxonomy.stakeholdergroup",
                verbose_name="stakeholder group",
            ),
        ),
        migrations.AddField(
            model_name="suggestionevent",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="processing_groups.handlergroup",
                verbose_name="handler group",
            ),
        ),
        migrations.AddField(
            model_name="support",
            name="stakeholder_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="taxonomy.stakeholdergroup",
                verbose_name="stakeholder group",
            ),
        ),
        migrations.RunSQL(EVENT_GROUPS, migrations.RunSQL.noop),
        *(migrations.RunSQL(sql, migrations.RunSQL.noop) for sql in PEOPLES_GROUPS),
    ]
