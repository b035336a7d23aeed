"""What the database itself refuses to do to the journal (traçabilité).

- UPDATE: always refused.
- DELETE: refused for every entry younger than :data:`MIN_RETENTION_DAYS`; only the purge of
  entries past their retention period (``pilote purge``) removes older ones.
- TRUNCATE (PostgreSQL): always refused.

A table's owner can still drop or disable a trigger: on PostgreSQL the application therefore
runs as a role that does not own the tables and may only read and insert journal entries
(``pilote postgresql_droits``, README « Sécurité et données personnelles »). The purge goes
through :data:`PURGE_FUNCTION`, run with the owner's rights, which deletes nothing younger
than :data:`MIN_RETENTION_DAYS`. And whatever happens, the hash chain shows it
(``pilote journal verifier``).
"""

# CNIL: security logs are kept from six months to a year. The setting may lengthen the
# journal's retention, never shorten it below this floor, which the database enforces.
MIN_RETENTION_DAYS = 180

PURGE_FUNCTION = "pilote_journal_purge"

SQLITE_PROTECT = [
    """
    CREATE TRIGGER core_journalentry_no_update BEFORE UPDATE ON core_journalentry
    BEGIN SELECT RAISE(ABORT, 'journal: append-only'); END;
    """,
    f"""
    CREATE TRIGGER core_journalentry_no_delete BEFORE DELETE ON core_journalentry
    WHEN OLD.timestamp > datetime('now', '-{MIN_RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'journal: append-only'); END;
    """,
]
SQLITE_UNPROTECT = [
    "DROP TRIGGER IF EXISTS core_journalentry_no_update;",
    "DROP TRIGGER IF EXISTS core_journalentry_no_delete;",
]

POSTGRES_PROTECT = [
    f"""
    CREATE OR REPLACE FUNCTION core_journalentry_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE'
           AND OLD.timestamp < now() - interval '{MIN_RETENTION_DAYS} days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING MESSAGE = 'journal: append-only, ' || TG_OP || ' refused';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_journalentry_no_change BEFORE UPDATE OR DELETE ON core_journalentry
    FOR EACH ROW EXECUTE FUNCTION core_journalentry_append_only();
    """,
    """
    CREATE TRIGGER core_journalentry_no_truncate BEFORE TRUNCATE ON core_journalentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_journalentry_append_only();
    """,
    f"""
    CREATE OR REPLACE FUNCTION {PURGE_FUNCTION}(first_kept bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE removed bigint;
    BEGIN
        DELETE FROM core_journalentry WHERE id < first_kept;
        GET DIAGNOSTICS removed = ROW_COUNT;
        RETURN removed;
    END;
    $$;
    """,
]
POSTGRES_UNPROTECT = [
    "DROP TRIGGER IF EXISTS core_journalentry_no_change ON core_journalentry;",
    "DROP TRIGGER IF EXISTS core_journalentry_no_truncate ON core_journalentry;",
]


def protect_sql(vendor: str) -> list[str]:
    return POSTGRES_PROTECT if vendor == "postgresql" else SQLITE_PROTECT


def unprotect_sql(vendor: str) -> list[str]:
    return POSTGRES_UNPROTECT if vendor == "postgresql" else SQLITE_UNPROTECT
