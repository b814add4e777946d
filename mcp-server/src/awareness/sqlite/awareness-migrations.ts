import type { Migration } from "../../store/migrations.js";

export const AWARENESS_DATABASE_FILE = "awareness.sqlite";

/**
 * The change log is a column: each entity row keeps the clock of its latest change, so the log
 * holds one entry per entity (older changes to it are superseded) and shrinks as rows are purged;
 * a user's head row remembers the newest change clock purged (compacted_through).
 */
export const AWARENESS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "project awareness",
    sql: `
      CREATE TABLE awareness_entities (
        user_id TEXT NOT NULL,
        entity TEXT NOT NULL CHECK (entity IN ('project', 'session')),
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        change_clock TEXT NOT NULL,
        visible_until INTEGER,
        PRIMARY KEY (user_id, entity, id)
      ) WITHOUT ROWID;
      CREATE INDEX awareness_changes ON awareness_entities (user_id, change_clock);
      CREATE INDEX awareness_visible_until ON awareness_entities (visible_until) WHERE visible_until IS NOT NULL;
      CREATE TABLE awareness_change_heads (
        user_id TEXT PRIMARY KEY,
        clock TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE idempotency_records (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_expiry ON idempotency_records (expires_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        request_id TEXT NOT NULL,
        status INTEGER
      );
      CREATE INDEX audit_log_user ON audit_log (user_id, id);
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 2,
    name: "tombstone compaction",
    // A deleted project gets a visible_until like an ended session, so its tombstone can be compacted after the horizon;
    // a dead project's state is exactly one with no register left.
    sql: `
      ALTER TABLE awareness_change_heads ADD COLUMN compacted_through TEXT;
      UPDATE awareness_entities SET visible_until = CAST(substr(change_clock, 1, 15) AS INTEGER)
        WHERE entity = 'project' AND state LIKE '{"registers":{},%';
    `,
  },
];
