import type { Sql } from "./database.js";

/**
 * An in-memory mirror of an append-only table, brought up to date by reading only rows with
 * a higher id than the last one seen. A bumped "generation" (after a delete) reloads it whole.
 * Rows written by another process on the same data dir arrive on the next sync.
 */
export class AppendLog<Row extends { id: number }> {
  private rows: Row[] = [];
  private lastId = 0;
  private generation: string | null = null;

  constructor(
    private readonly table: string,
    private readonly columns: string,
    private readonly toRow: (raw: Record<string, unknown>) => Row,
  ) {}

  reset(): void {
    this.rows = [];
    this.lastId = 0;
    this.generation = null;
  }

  sync(db: Sql): readonly Row[] {
    const generation = (db.get("SELECT value FROM meta WHERE key = 'generation'") as { value: string } | null)?.value ?? "0";
    if (generation !== this.generation) {
      this.reset();
      this.generation = generation;
    }
    const fresh = db.all(`SELECT ${this.columns} FROM ${this.table} WHERE id > ? ORDER BY id`, [this.lastId]) as Record<string, unknown>[];
    for (const raw of fresh) {
      const row = this.toRow(raw);
      this.rows.push(row);
      this.lastId = row.id;
    }
    return this.rows;
  }
}
