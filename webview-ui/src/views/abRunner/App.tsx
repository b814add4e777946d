import { useEffect, useEffectEvent, useState } from "react";
import type { AbTestResult, QuestionList, StrategyRecommendation, Variants } from "#protocol/webview-protocol.js";
import { useTransport } from "../../bridge/transport";
import { useRequest } from "../../bridge/use-request";
import { VscodeButton, VscodeOption, VscodeSingleSelect, VscodeTextfield } from "../../components/elements";
import { ErrorMessage, Loading } from "../../components/StatusMessage";
import { TrialResult } from "./TrialResult";

const TYPED = "__typed__";
const selectValue = (e: Event) => (e.target as HTMLSelectElement).value;

export function App() {
  const { request, loadState, saveState, canCompareInEditor } = useTransport();
  const variants = useRequest("ab/variants", {});
  const questions = useRequest("ab/questions", {});
  const [questionId, setQuestionId] = useState<string>(() => loadState("questionId", ""));
  const [typed, setTyped] = useState<string>(() => loadState("typed", ""));
  const [control, setControl] = useState<string>(() => loadState("control", "star-focused"));
  const [test, setTest] = useState<string>(() => loadState("test", "concise"));
  const [result, setResult] = useState<AbTestResult | null>(() => loadState<AbTestResult | null>("result", null));
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [suggested, setSuggested] = useState<{ category: string; suggestion: StrategyRecommendation } | null>(null);
  const category = questions.data?.questions.find((q) => q.id === questionId)?.category;
  const suggestion = suggested && suggested.category === category ? suggested.suggestion : null;

  // The suggested strategy becomes the test one, and the control moves aside if it was that strategy.
  const adoptSuggestion = useEffectEvent((forCategory: string, s: StrategyRecommendation) => {
    setSuggested({ category: forCategory, suggestion: s });
    if (s.variantId === control) {
      setControl(test);
      saveState("control", test);
    }
    setTest(s.variantId);
    saveState("test", s.variantId);
  });

  // Each chosen question's category gets its own Thompson draw; the strategy selects stay the person's to change.
  useEffect(() => {
    if (!category) return;
    let current = true;
    request("ab/recommend", { category }).then(
      (s) => current && adoptSuggestion(category, s),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [category, request]);

  if (variants.error || questions.error)
    return <ErrorMessage message={(variants.error ?? questions.error)!} onRetry={() => (variants.reload(), questions.reload())} />;
  if (!variants.data || !questions.data) return <Loading what="strategies and questions" />;
  const bank: QuestionList["questions"] = questions.data.questions;
  const strategies: Variants["variants"] = variants.data.variants;
  const chosen = bank.find((q) => q.id === questionId);
  const questionText = questionId === TYPED ? typed.trim() : (chosen?.text ?? "");
  const canRun = Boolean(questionText) && control !== test && !running;

  const run = () => {
    setRunning(true);
    setError(null);
    request("ab/run", { question: questionText, ...(chosen ? { questionId: chosen.id } : {}), controlVariantId: control, testVariantId: test })
      .then((r) => {
        setResult(r);
        saveState("result", r);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setRunning(false));
  };
  const remember = (key: string, setter: (v: string) => void) => (value: string) => {
    setter(value);
    saveState(key, value);
  };

  return (
    <main className="ab-runner">
      <label htmlFor="question">Question</label>
      <VscodeSingleSelect id="question" value={questionId} combobox onChange={(e) => remember("questionId", setQuestionId)(selectValue(e))}>
        <VscodeOption value="">Choose a question…</VscodeOption>
        <VscodeOption value={TYPED}>Type my own question</VscodeOption>
        {bank.map((q) => (
          <VscodeOption key={q.id} value={q.id} description={q.category}>
            {q.text}
          </VscodeOption>
        ))}
      </VscodeSingleSelect>
      {questionId === TYPED && (
        <VscodeTextfield
          aria-label="Your question"
          value={typed}
          placeholder="Tell me about a time…"
          onInput={(e) => remember("typed", setTyped)((e.target as HTMLInputElement).value)}
        />
      )}
      <div className="pair">
        {(
          [
            ["Control", control, remember("control", setControl)],
            ["Test", test, remember("test", setTest)],
          ] as const
        ).map(([label, value, set]) => (
          <div key={label}>
            <label htmlFor={label}>{label} strategy</label>
            <VscodeSingleSelect id={label} value={value} onChange={(e) => set(selectValue(e))}>
              {strategies.map((s) => (
                <VscodeOption key={s.id} value={s.id} description={s.description}>
                  {s.name}
                </VscodeOption>
              ))}
            </VscodeSingleSelect>
          </div>
        ))}
      </div>
      {suggestion && (
        <p
          className="note muted"
          title={suggestion.strategies
            .map(
              (x) =>
                `${x.variantId}: ${x.wins}–${x.losses}${x.ties ? `, ${x.ties} ties` : ""}, draw ${x.draw.toFixed(2)}, best in ${Math.round(x.probabilityBest * 100)}%`,
            )
            .join("\n")}
        >
          Test strategy suggested by Thompson sampling: {suggestion.reason}
        </p>
      )}
      {control === test && <p className="note">Choose two different strategies.</p>}
      <VscodeButton disabled={!canRun} onClick={run}>
        {running ? "Running…" : "Run A/B test"}
      </VscodeButton>
      {error && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <TrialResult result={result} />
          {canCompareInEditor && (
            <VscodeButton
              secondary
              onClick={() =>
                void request("ab/compareInEditor", {
                  question: result.question,
                  ...(result.questionId ? { questionId: result.questionId } : {}),
                  controlVariantId: result.control.variantId,
                  testVariantId: result.test.variantId,
                  controlResponse: result.control.response,
                  testResponse: result.test.response,
                  source: result.control.source,
                })
              }
              title="Open both answers side by side in the diff editor and record which one you prefer"
            >
              Compare in editor
            </VscodeButton>
          )}
        </>
      )}
    </main>
  );
}
