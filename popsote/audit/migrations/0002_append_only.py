"""The account events are append-only in the database: a trigger refuses every UPDATE and
DELETE, whoever connects. The one exception is ``audit_pseudonymise_account``, which erases one
account's personal data from its rows (see ``popsote.audit.models``): it opens the gate for its
own statement only, through a setting local to the transaction, and closes it again.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_account_event_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('popsote.audit_erasure', true) = 'on'
       AND NEW.id = OLD.id AND NEW.created_at = OLD.created_at AND NEW.action = OLD.action
       AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.data = OLD.data THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_accountevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_account_event_append_only
    BEFORE UPDATE OR DELETE ON audit_accountevent
    FOR EACH ROW EXECUTE FUNCTION audit_account_event_refuse();

CREATE FUNCTION audit_pseudonymise_account(p_user_id bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    changed integer;
BEGIN
    PERFORM set_config('popsote.audit_erasure', 'on', true);
    UPDATE audit_accountevent
       SET email = 'erased-' || p_user_id, address = NULL, user_agent = ''
     WHERE user_id = p_user_id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('popsote.audit_erasure', 'off', true);
    RETURN changed;
END
$$;
"""

BACKWARD = """
DROP FUNCTION audit_pseudonymise_account(bigint);
DROP TRIGGER audit_account_event_append_only ON audit_accountevent;
DROP FUNCTION audit_account_event_refuse();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_account_events")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
