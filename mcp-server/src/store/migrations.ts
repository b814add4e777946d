/** Versioned schema changes, applied in order, each once, inside one transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
      CREATE TABLE performance (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at INTEGER NOT NULL,
        category TEXT NOT NULL,
        question_id TEXT,
        variant_id TEXT,
        accuracy REAL NOT NULL,
        story_coverage REAL NOT NULL,
        satisfaction REAL NOT NULL,
        response_time REAL NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX performance_recorded_at ON performance (recorded_at);
      CREATE TABLE trials (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at INTEGER NOT NULL,
        question_id TEXT,
        question TEXT NOT NULL,
        category TEXT,
        control_variant TEXT NOT NULL,
        test_variant TEXT NOT NULL,
        control_score REAL NOT NULL,
        test_score REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('control', 'test', 'tie')),
        judged_by TEXT NOT NULL CHECK (judged_by IN ('rubric', 'person')),
        control_source TEXT NOT NULL,
        test_source TEXT NOT NULL,
        control_story_ids TEXT NOT NULL,
        test_story_ids TEXT NOT NULL
      );
      CREATE INDEX trials_pair ON trials (control_variant, test_variant);
      CREATE TABLE practice_cards (
        question_id TEXT PRIMARY KEY,
        due INTEGER NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        scheduled_days INTEGER NOT NULL,
        learning_steps INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        state INTEGER NOT NULL,
        last_review INTEGER,
        last_score REAL
      );
      CREATE TABLE milestones (
        id TEXT PRIMARY KEY,
        achieved_at INTEGER NOT NULL,
        value REAL NOT NULL
      );
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO meta (key, value) VALUES ('generation', '1');
    `,
  },
  {
    version: 2,
    name: "trial fingerprints",
    sql: `
      ALTER TABLE trials ADD COLUMN fingerprint TEXT;
      CREATE INDEX trials_fingerprint ON trials (fingerprint);
    `,
  },
  {
    version: 3,
    name: "who judged a practice and which stories it told",
    sql: `
      ALTER TABLE performance ADD COLUMN judged_by TEXT NOT NULL DEFAULT 'rubric' CHECK (judged_by IN ('rubric', 'model', 'person'));
      ALTER TABLE performance ADD COLUMN model_judge TEXT;
      ALTER TABLE performance ADD COLUMN model_score REAL;
      ALTER TABLE performance ADD COLUMN story_ids TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 4,
    name: "target role",
    sql: `
      CREATE TABLE target_role (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        saved_at INTEGER NOT NULL,
        job_description TEXT NOT NULL,
        analysis TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: "no indexes the history does not use",
    // The history is read whole into memory and repeats are found there: each index only cost pages on every write.
    sql: `
      DROP INDEX IF EXISTS trials_pair;
      DROP INDEX IF EXISTS trials_fingerprint;
      DROP INDEX IF EXISTS performance_recorded_at;
    `,
  },
  {
    version: 6,
    name: "a client's attempt id, so a practice sent again is recorded once",
    sql: `
      ALTER TABLE performance ADD COLUMN attempt_id TEXT;
      CREATE UNIQUE INDEX performance_attempt ON performance (attempt_id) WHERE attempt_id IS NOT NULL;
    `,
  },
];
