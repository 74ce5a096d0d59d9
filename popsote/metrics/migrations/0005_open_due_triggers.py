"""Triggers that keep ``metrics_open_due`` equal to the open suggestions of every group.

They run once per statement, over the rows it changed (transition tables), so a bulk update
costs one aggregate rather than one write per row; a change that leaves a suggestion's state,
deadline, group, area and stakeholder group as they were adds +1 and −1 to the same row, which
the ``HAVING`` drops. The open states and the four cells are written out here as they were
when this migration was made: a migration that changes the open states must replace the
function.
"""

from django.db import migrations

OPEN_STATES = ("info_requested", "in_processing", "received")
TABLE = "metrics_open_due"


def _rows(table: str, sign: int) -> str:
    states = ", ".join(f"'{state}'" for state in OPEN_STATES)
    return f"""
        SELECT s.group_id, s.state,
            date_trunc('month', s.due_at AT TIME ZONE 'UTC')::date AS due_month,
            cell.area_id, cell.stakeholder_group_id, {sign} AS delta
        FROM {table} s
        CROSS JOIN LATERAL (VALUES (s.area_id, s.stakeholder_group_id),
            (0, s.stakeholder_group_id), (s.area_id, 0), (0, 0))
            AS cell (area_id, stakeholder_group_id)
        WHERE s.group_id IS NOT NULL AND s.state IN ({states})"""


def _apply(*parts: str) -> str:
    # In key order, so that two statements lock the rows they share in the same order.
    return f"""
        INSERT INTO {TABLE} AS t (group_id, state, due_month, area_id, stakeholder_group_id,
            count)
        SELECT group_id, state, due_month, area_id, stakeholder_group_id, SUM(delta)
        FROM ({" UNION ALL ".join(parts)}) AS d
        GROUP BY area_id, stakeholder_group_id, group_id, state, due_month
        HAVING SUM(delta) <> 0
        ORDER BY area_id, stakeholder_group_id, group_id, state, due_month
        ON CONFLICT (area_id, stakeholder_group_id, group_id, state, due_month)
            DO UPDATE SET count = t.count + EXCLUDED.count;"""


FUNCTION = f"""
CREATE FUNCTION metrics_open_due_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(_rows("new_rows", 1))}
    ELSIF TG_OP = 'UPDATE' THEN
        {_apply(_rows("new_rows", 1), _rows("old_rows", -1))}
    ELSE
        {_apply(_rows("old_rows", -1))}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER metrics_open_due_insert AFTER INSERT ON ideas_suggestion
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION metrics_open_due_changed();
CREATE TRIGGER metrics_open_due_update AFTER UPDATE ON ideas_suggestion
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION metrics_open_due_changed();
CREATE TRIGGER metrics_open_due_delete AFTER DELETE ON ideas_suggestion
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION metrics_open_due_changed();
"""

REVERSE = """
DROP TRIGGER metrics_open_due_insert ON ideas_suggestion;
DROP TRIGGER metrics_open_due_update ON ideas_suggestion;
DROP TRIGGER metrics_open_due_delete ON ideas_suggestion;
DROP FUNCTION metrics_open_due_changed();
"""

# What is open already when the triggers arrive.
FILL = f"""
INSERT INTO {TABLE} (group_id, state, due_month, area_id, stakeholder_group_id, count)
SELECT group_id, state, due_month, area_id, stakeholder_group_id, SUM(delta)
FROM ({_rows("ideas_suggestion", 1)}) AS d
GROUP BY 1, 2, 3, 4, 5
"""


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0004_county_cells"),
        ("ideas", "0010_open_due_index"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, REVERSE),
        migrations.RunSQL(FILL, f"DELETE FROM {TABLE}"),
    ]
