import { useEffect, useState } from "react";
import type { ToolArgs, ToolResult } from "#contracts/tools.js";
import type { Category } from "#contracts/common.js";
import { DimensionScores } from "../../components/DimensionScores";
import { StarParts } from "../../components/StarParts";
import { VscodeButton } from "../../components/elements";

export type Evaluation = ToolResult<"evaluate_response">;
export type Recorded = ToolResult<"record_performance">;
/** What became of a kept practice: recorded once sent, or refused by the server, saying why. */
export type KeptOutcome = { recorded: true } | { refused: string };
/** A practice a host keeps to record later, when its server cannot be reached now; `outcome` settles when that is decided. */
export type Queued = { queued: true; queuedAt: string; outcome?: Promise<KeptOutcome> };

/** What practising needs from the host: the rubric's score of an answer, and recording the attempt. */
export interface PracticeActions {
  score(args: ToolArgs<"evaluate_response">): Promise<Evaluation>;
  record(args: ToolArgs<"record_performance">): Promise<Recorded | Queued>;
}

export interface PracticeQuestion {
  text: string;
  /** A bank question's id: its competencies steer the score and its review schedule moves when recorded. */
  id?: string;
  /** Needed to record the attempt; an answer to a question of unknown category can be scored, not recorded. */
  category?: Category;
  explanation?: string;
}

export interface PracticeProps {
  question: PracticeQuestion;
  actions: PracticeActions;
  /** An answer the host already scored (evaluate_response from the chat): shown, and the person may try again here. */
  scored?: { response: string; evaluation: Evaluation };
  /** The clock, in milliseconds, for the attempt's response time. */
  now: () => number;
  onRecorded?: (recorded: Recorded | Queued) => void;
}

const SATISFACTION = [1, 2, 3, 4, 5] as const;

function Scores({ evaluation, answer }: { evaluation: Evaluation; answer: string }) {
  return (
    <section className="card practice-score" aria-label={`Scored ${evaluation.overall} of 100`}>
      <h3>
        Score <span className="badge">{evaluation.overall}</span>{" "}
        <span className="muted">
          {evaluation.band} · {evaluation.wordCount} words · by the rubric
        </span>
      </h3>
      <DimensionScores dimensions={evaluation.dimensions} />
      <h4>STAR parts</h4>
      <StarParts evaluation={evaluation} answer={answer} />
      <ul className="feedback">
        {evaluation.feedback.map((f, i) => (
          <li key={i} className={`feedback-${f.kind}`}>
            {f.message}
            {f.quote && <span className="muted"> “{f.quote}”</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Where a practice kept in the host stands: waiting for the coach, then recorded or refused. */
function KeptNote({ overall, outcome }: { overall: number | undefined; outcome: KeptOutcome | null }) {
  const text =
    outcome === null
      ? `Kept in this browser: ${overall}/100 is recorded, with the time you practised, once your coach can be reached.`
      : "recorded" in outcome
        ? `Recorded ${overall}/100: sent from this browser once your coach could be reached.`
        : `Not recorded: your coach refused it (${outcome.refused}).`;
  return (
    <p className="note" role="status">
      {text}
    </p>
  );
}

/** One practice attempt: answer, the rubric's score, then how it felt, which records the attempt. */
export function Practice({ question, actions, scored, now, onRecorded }: PracticeProps) {
  const [startedAt, setStartedAt] = useState(() => now());
  const [answer, setAnswer] = useState(scored?.response ?? "");
  const [evaluation, setEvaluation] = useState<Evaluation | null>(scored?.evaluation ?? null);
  // An answer scored in the chat was not timed here, so only an attempt made in this view is recorded.
  const [timedSeconds, setTimedSeconds] = useState<number | null>(null);
  const [recorded, setRecorded] = useState<Recorded | Queued | null>(null);
  // Keyed by the kept attempt, so answering again leaves the earlier attempt's outcome unsaid.
  const [kept, setKept] = useState<{ attempt: Queued; outcome: KeptOutcome } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = <T,>(work: () => Promise<T>, then: (value: T) => void) => {
    setBusy(true);
    setError(null);
    work()
      .then(then)
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const score = () => {
    const seconds = Math.round((now() - startedAt) / 1000);
    act(
      () =>
        actions.score({
          question: question.text,
          response: answer,
          ...(question.id ? { questionId: question.id } : {}),
          ...(question.category ? { category: question.category } : {}),
        }),
      (result) => {
        setEvaluation(result);
        setTimedSeconds(seconds);
      },
    );
  };
  const record = (satisfaction: number) => {
    if (!evaluation || timedSeconds === null || !question.category) return;
    act(
      () =>
        actions.record({
          accuracy: evaluation.overall / 100,
          storyCoverage: Math.max(0, ...evaluation.recognisedStories.map((s) => s.overlap)),
          satisfaction,
          responseTime: timedSeconds,
          category: question.category!,
          ...(question.id ? { questionId: question.id } : {}),
          storyIds: evaluation.recognisedStories.map((s) => s.storyId),
        }),
      (result) => {
        setRecorded(result);
        onRecorded?.(result);
      },
    );
  };
  useEffect(() => {
    if (!recorded || !("queued" in recorded) || !recorded.outcome) return;
    let current = true;
    void recorded.outcome.then((outcome) => current && setKept({ attempt: recorded, outcome }));
    return () => {
      current = false;
    };
  }, [recorded]);
  const again = () => {
    setEvaluation(null);
    setTimedSeconds(null);
    setRecorded(null);
    setStartedAt(now());
  };

  return (
    <main className="practice">
      <h2>{question.text}</h2>
      {question.explanation && <p className="note">{question.explanation}</p>}
      {!evaluation && (
        <>
          <label htmlFor="answer">Your answer</label>
          <textarea
            id="answer"
            rows={8}
            value={answer}
            placeholder="Situation, task, what you did, and the result…"
            onChange={(e) => setAnswer(e.target.value)}
          />
          <VscodeButton disabled={busy || answer.trim() === ""} onClick={score}>
            {busy ? "Scoring…" : "Score my answer"}
          </VscodeButton>
        </>
      )}
      {evaluation && <Scores evaluation={evaluation} answer={answer} />}
      {evaluation && !recorded && timedSeconds !== null && question.category && (
        <section className="satisfaction" aria-label="How satisfied are you with this answer?">
          <p>How satisfied are you with this answer? Your rating records the attempt ({timedSeconds} s).</p>
          <div className="toolbar">
            {SATISFACTION.map((n) => (
              <VscodeButton key={n} secondary disabled={busy} onClick={() => record(n)} aria-label={`Satisfaction ${n} of 5`}>
                {n}
              </VscodeButton>
            ))}
          </div>
        </section>
      )}
      {evaluation && timedSeconds !== null && !question.category && (
        <p className="note">This question has no category, so the attempt can be scored but not recorded.</p>
      )}
      {recorded && "queued" in recorded && <KeptNote overall={evaluation?.overall} outcome={kept?.attempt === recorded ? kept.outcome : null} />}
      {recorded && !("queued" in recorded) && (
        <p className="note" role="status">
          Recorded {evaluation?.overall}/100.
          {recorded.card && ` Next review ${new Date(recorded.card.due).toLocaleDateString()}.`}
          {recorded.unlockedMilestones.length > 0 && ` Milestone reached: ${recorded.unlockedMilestones.map((m) => m.title).join(", ")}.`}
        </p>
      )}
      {evaluation && (recorded || timedSeconds === null) && (
        <VscodeButton secondary onClick={again}>
          Answer it again
        </VscodeButton>
      )}
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
