import type { Trial } from "../domain/experiments.js";
import { milestoneFacts, newlyReached, openKinds, type MilestoneKind, type MilestoneProgress } from "../domain/milestones.js";
import type { PerformanceRecord, UtcOffset } from "../domain/performance.js";
import { reviewPractice, scheduleFromAttempts, type PracticeCard } from "../domain/scheduling.js";
import type { Category } from "../domain/vocabulary.js";
import { AppendLog } from "./append-log.js";
import type { CoachDatabase, Sql } from "./database.js";

/** Who gave a practice record its accuracy. */
export type JudgedBy = "rubric" | "model" | "person";

/** Who gave a practice its accuracy; a model's grade given beside the rubric's is kept next to it. */
export interface PracticeJudges {
  judgedBy?: JudgedBy;
  modelJudge?: { judge: string; overall: number } | null;
}
export type NewPerformance = Omit<PerformanceRecord, "id"> & PracticeJudges & { attemptId?: string | null };
export type NewTrial = Omit<Trial, "id"> & {
  controlSource: string;
  testSource: string;
  controlStoryIds: string[];
  testStoryIds: string[];
};

export interface AchievedMilestone {
  id: string;
  achievedAt: number;
  value: number;
}

const num = (v: unknown) => Number(v);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const NO_STORIES: readonly string[] = Object.freeze([]);

function toPerformance(raw: Record<string, unknown>): PerformanceRecord {
  return {
    id: num(raw.id),
    recordedAt: num(raw.recorded_at),
    category: String(raw.category) as Category,
    questionId: str(raw.question_id),
    variantId: str(raw.variant_id),
    accuracy: num(raw.accuracy),
    storyCoverage: num(raw.story_coverage),
    satisfaction: num(raw.satisfaction),
    responseTime: num(raw.response_time),
    // Most practice tells no recognised story: skip parsing the empty list.
    storyIds: raw.story_ids === "[]" || raw.story_ids === undefined ? NO_STORIES : (JSON.parse(String(raw.story_ids)) as string[]),
  };
}

function toTrial(raw: Record<string, unknown>): Trial {
  return {
    id: num(raw.id),
    recordedAt: num(raw.recorded_at),
    questionId: str(raw.question_id),
    question: String(raw.question),
    category: str(raw.category) as Category | null,
    controlVariantId: String(raw.control_variant),
    testVariantId: String(raw.test_variant),
    controlScore: num(raw.control_score),
    testScore: num(raw.test_score),
    outcome: String(raw.outcome) as Trial["outcome"],
    judgedBy: String(raw.judged_by) as Trial["judgedBy"],
    fingerprint: str(raw.fingerprint),
  };
}

function toCard(raw: Record<string, unknown>): PracticeCard {
  return {
    questionId: String(raw.question_id),
    due: num(raw.due),
    stability: num(raw.stability),
    difficulty: num(raw.difficulty),
    scheduledDays: num(raw.scheduled_days),
    learningSteps: num(raw.learning_steps),
    reps: num(raw.reps),
    lapses: num(raw.lapses),
    state: num(raw.state),
    lastReview: raw.last_review === null ? null : num(raw.last_review),
    lastScore: raw.last_score === null ? null : num(raw.last_score),
  };
}

/** The person's practice history: typed reads and writes over the database. */
export class CoachStore {
  private readonly performanceLog = new AppendLog("performance", "*", toPerformance);
  private readonly trialLog = new AppendLog("trials", "*", toTrial);
  private lastCards: { version: number; cards: readonly PracticeCard[] } | null = null;

  constructor(
    readonly database: CoachDatabase,
    private readonly utcOffsetMinutes: () => UtcOffset,
  ) {
    database.onRollback(() => {
      this.performanceLog.reset();
      this.trialLog.reset();
    });
  }

  performance(): Promise<readonly PerformanceRecord[]> {
    return this.database.read((db) => this.performanceLog.sync(db));
  }

  trials(): Promise<readonly Trial[]> {
    return this.database.read((db) => this.trialLog.sync(db));
  }

  /** The practice cards, frozen: the same list while the store is surely unchanged, read again once it may have changed. */
  cards(): Promise<readonly PracticeCard[]> {
    const known = this.knownCards();
    if (known) return Promise.resolve(known);
    return this.database.read((db) => {
      const cards: readonly PracticeCard[] = Object.freeze(
        (db.all("SELECT * FROM practice_cards ORDER BY question_id") as Record<string, unknown>[]).map((row) => Object.freeze(toCard(row))),
      );
      this.lastCards = { version: this.database.version, cards };
      return cards;
    });
  }

  /** The cards cards() would answer without reading, when the store is surely unchanged since; undefined: ask cards(). */
  knownCards(): readonly PracticeCard[] | undefined {
    const last = this.lastCards;
    return last && this.database.unchangedSince(last.version) ? last.cards : undefined;
  }

  achievedMilestones(): Promise<AchievedMilestone[]> {
    return this.database.read((db) => achieved(db));
  }

  /** Everything the milestones, analytics and recommendations need, read under one lock. */
  snapshot(): Promise<{ records: readonly PerformanceRecord[]; trials: readonly Trial[]; cards: PracticeCard[]; achieved: AchievedMilestone[] }> {
    return this.database.read((db) => ({
      records: this.performanceLog.sync(db),
      trials: this.trialLog.sync(db),
      cards: (db.all("SELECT * FROM practice_cards ORDER BY question_id") as Record<string, unknown>[]).map(toCard),
      achieved: achieved(db),
    }));
  }

  /** Stores the record, reviews the question's practice card, and marks milestones it unlocks; all or nothing. */
  recordPerformance(
    record: NewPerformance,
    now: number,
  ): Promise<{
    record: PerformanceRecord;
    /** Who judged the stored record: for an attempt sent again, the first recording's judge. */
    judgedBy: JudgedBy;
    records: readonly PerformanceRecord[];
    unlocked: MilestoneProgress[];
    card: PracticeCard | null;
  }> {
    return this.database.write((db) => {
      const earlier = record.attemptId
        ? (db.get("SELECT id, question_id, judged_by FROM performance WHERE attempt_id = ?", [record.attemptId]) as {
            id: number;
            question_id: string | null;
            judged_by: JudgedBy;
          } | null)
        : null;
      if (earlier) {
        // The same attempt sent again (its answer was lost on the way): the first recording stands, and the schedule moves once.
        const records = this.performanceLog.sync(db);
        const card = earlier.question_id
          ? (db.get("SELECT * FROM practice_cards WHERE question_id = ?", [earlier.question_id]) as Record<string, unknown> | null)
          : null;
        return {
          record: records.find((r) => r.id === Number(earlier.id))!,
          judgedBy: earlier.judged_by,
          records,
          unlocked: [],
          card: card ? toCard(card) : null,
        };
      }
      const { lastInsertRowid } = db.run(
        `INSERT INTO performance (recorded_at, category, question_id, variant_id, accuracy, story_coverage, satisfaction, response_time, created_at,
           judged_by, model_judge, model_score, story_ids, attempt_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.recordedAt,
          record.category,
          record.questionId,
          record.variantId,
          record.accuracy,
          record.storyCoverage,
          record.satisfaction,
          record.responseTime,
          now,
          record.judgedBy ?? "rubric",
          record.modelJudge?.judge ?? null,
          record.modelJudge?.overall ?? null,
          JSON.stringify(record.storyIds ?? []),
          record.attemptId ?? null,
        ],
      );
      const records = this.performanceLog.sync(db);
      let card: PracticeCard | null = null;
      if (record.questionId) {
        const row = db.get("SELECT * FROM practice_cards WHERE question_id = ?", [record.questionId]) as Record<string, unknown> | null;
        const previous = row ? toCard(row) : null;
        const score = Math.round(record.accuracy * 100);
        // The latest attempt continues the card; one dated before its last review takes its place in the replayed history.
        card =
          previous === null || previous.lastReview === null || record.recordedAt >= previous.lastReview
            ? reviewPractice(record.questionId, previous, score, record.recordedAt)
            : scheduleFromAttempts(
                record.questionId,
                records.filter((r) => r.questionId === record.questionId).map((r) => ({ at: r.recordedAt, score: Math.round(r.accuracy * 100) })),
              );
        if (card) saveCard(db, card);
      }
      const unlocked = this.unlockMilestones(db, now, PRACTICE_KINDS);
      const { judgedBy: _j, modelJudge: _m, attemptId: _a, ...stored } = record;
      return { record: { ...stored, id: Number(lastInsertRowid) }, judgedBy: record.judgedBy ?? "rubric", records, unlocked, card };
    });
  }

  /** Stores the trial; `repeat` tells whether the same head-to-head was judged before (the new judgment replaces it). */
  recordTrial(trial: NewTrial, now: number): Promise<{ trial: Trial; trials: readonly Trial[]; unlocked: MilestoneProgress[]; repeat: boolean }> {
    return this.database.write((db) => {
      const repeat = trial.fingerprint ? this.trialLog.sync(db).some((t) => t.fingerprint === trial.fingerprint) : false;
      const { lastInsertRowid } = db.run(
        `INSERT INTO trials (recorded_at, question_id, question, category, control_variant, test_variant, control_score, test_score,
           outcome, judged_by, control_source, test_source, control_story_ids, test_story_ids, fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          trial.recordedAt,
          trial.questionId,
          trial.question,
          trial.category,
          trial.controlVariantId,
          trial.testVariantId,
          trial.controlScore,
          trial.testScore,
          trial.outcome,
          trial.judgedBy,
          trial.controlSource,
          trial.testSource,
          JSON.stringify(trial.controlStoryIds),
          JSON.stringify(trial.testStoryIds),
          trial.fingerprint ?? null,
        ],
      );
      const trials = this.trialLog.sync(db);
      const unlocked = this.unlockMilestones(db, now, ["experiments"], { pair: [trial.controlVariantId, trial.testVariantId], trials });
      const { controlSource: _c, testSource: _t, controlStoryIds: _cs, testStoryIds: _ts, ...stored } = trial;
      return { trial: { ...stored, id: Number(lastInsertRowid) }, trials, unlocked, repeat };
    });
  }

  /** The job the person prepares for: the saved job-fit analysis, or null. */
  targetRole<T>(): Promise<{ savedAt: number; jobDescription: string; analysis: T } | null> {
    return this.database.read((db) => {
      const row = db.get("SELECT saved_at, job_description, analysis FROM target_role WHERE id = 1") as Record<string, unknown> | null;
      return row ? { savedAt: Number(row.saved_at), jobDescription: String(row.job_description), analysis: JSON.parse(String(row.analysis)) as T } : null;
    });
  }

  /** Saves (replaces) the target role, or clears it with null; committed before it resolves. */
  saveTargetRole(target: { savedAt: number; jobDescription: string; analysis: unknown } | null): Promise<void> {
    return this.database.write((db) => {
      if (target === null) db.run("DELETE FROM target_role");
      else
        db.run(
          "INSERT INTO target_role (id, saved_at, job_description, analysis) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET saved_at = excluded.saved_at, job_description = excluded.job_description, analysis = excluded.analysis",
          [target.savedAt, target.jobDescription, JSON.stringify(target.analysis)],
        );
    });
  }

  /** All of the person's stored data, for export. */
  exportAll(): Promise<Record<string, unknown[]>> {
    return this.database.read((db) => ({
      performance: db.all("SELECT * FROM performance ORDER BY id"),
      trials: db.all("SELECT * FROM trials ORDER BY id"),
      practiceCards: db.all("SELECT * FROM practice_cards ORDER BY question_id"),
      milestones: db.all("SELECT * FROM milestones ORDER BY achieved_at"),
      targetRole: db.all("SELECT * FROM target_role"),
    }));
  }

  /** Deletes every record, trial, card and milestone; the generation bump tells other processes' caches. */
  deleteAll(): Promise<{ performance: number; trials: number; practiceCards: number; milestones: number; targetRole: number }> {
    return this.database.write((db) => {
      const counts = {
        performance: db.run("DELETE FROM performance").changes,
        trials: db.run("DELETE FROM trials").changes,
        practiceCards: db.run("DELETE FROM practice_cards").changes,
        milestones: db.run("DELETE FROM milestones").changes,
        targetRole: db.run("DELETE FROM target_role").changes,
      };
      db.run("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'");
      return counts;
    });
  }

  /** `trial`: the pair just written, the only one a trial can decide, and the history already read in this transaction. */
  private unlockMilestones(
    db: Sql,
    now: number,
    kinds: readonly MilestoneKind[],
    trial?: { pair: readonly [string, string]; trials: readonly Trial[] },
  ): MilestoneProgress[] {
    const done = new Set(achieved(db).map((m) => m.id));
    const open = openKinds(done, kinds);
    if (open.size === 0) return [];
    // Practice records cannot move an experiments milestone: a trial write does not read them.
    const records = kinds.includes("experiments") && kinds.length === 1 ? [] : this.performanceLog.sync(db);
    const facts = milestoneFacts(records, trial?.trials ?? this.trialLog.sync(db), this.utcOffsetMinutes(), open, trial?.pair);
    const unlocked = newlyReached(facts, done, open);
    for (const m of unlocked) db.run("INSERT INTO milestones (id, achieved_at, value) VALUES (?, ?, ?)", [m.id, now, m.current]);
    return unlocked;
  }
}

const PRACTICE_KINDS: readonly MilestoneKind[] = ["practice", "accuracy", "categories", "story-coverage", "streak"];

function achieved(db: Sql): AchievedMilestone[] {
  return (db.all("SELECT id, achieved_at, value FROM milestones ORDER BY achieved_at, id") as Record<string, unknown>[]).map((r) => ({
    id: String(r.id),
    achievedAt: num(r.achieved_at),
    value: num(r.value),
  }));
}

function saveCard(db: Sql, card: PracticeCard): void {
  db.run(
    `INSERT INTO practice_cards (question_id, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, state, last_review, last_score)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id) DO UPDATE SET due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
       scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
       state = excluded.state, last_review = excluded.last_review, last_score = excluded.last_score`,
    [
      card.questionId,
      card.due,
      card.stability,
      card.difficulty,
      card.scheduledDays,
      card.learningSteps,
      card.reps,
      card.lapses,
      card.state,
      card.lastReview,
      card.lastScore,
    ],
  );
}
