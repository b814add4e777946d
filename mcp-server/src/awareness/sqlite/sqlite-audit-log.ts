import type { Sql } from "../../store/database.js";
import type { AuditEntry } from "../awareness-store.js";

/** The audit_log table, used inside the caller's transaction so an entry commits with the write it records. */

export function insertAuditEntry(db: Sql, row: AuditEntry): void {
  db.run("INSERT INTO audit_log (at, user_id, credential_id, action, target, request_id, status) VALUES (?, ?, ?, ?, ?, ?, ?)", [
    row.at,
    row.userId,
    row.credentialId,
    row.action,
    row.target,
    row.requestId,
    row.status,
  ]);
}

/** The user's entries, newest first. */
export function selectAuditEntries(db: Sql, userId: string, limit: number): AuditEntry[] {
  const rows = db.all("SELECT * FROM audit_log WHERE user_id = ? ORDER BY id DESC LIMIT ?", [userId, limit]) as Record<string, unknown>[];
  return rows.map((r) => ({
    at: Number(r.at),
    userId: String(r.user_id),
    credentialId: String(r.credential_id),
    action: String(r.action),
    target: r.target === null ? null : String(r.target),
    requestId: String(r.request_id),
    status: r.status === null ? null : Number(r.status),
  }));
}
