import { useMemo, useState } from "react";
import type { App } from "@modelcontextprotocol/ext-apps";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AppView } from "#contracts/app-views.js";
import type { ToolArgs, ToolResult } from "#contracts/tools.js";
import type { Method } from "#protocol/webview-protocol.js";
import { TransportContext } from "../bridge/transport";
import { App as Dashboard } from "../views/dashboard/App";
import { App as Milestones } from "../views/milestones/App";
import { App as Recommendations } from "../views/recommendations/App";
import { TrialResult } from "../views/abRunner/TrialResult";
import { Practice, type PracticeActions, type PracticeProps } from "../views/practice/Practice";
import { callTool, createAppTransport, type StartedPractice } from "./app-transport";

/** What the host sent for the tool call this app was opened for. */
export interface Opened {
  view: AppView;
  input: Record<string, unknown>;
  result: CallToolResult;
}

/** The sidebar request a view makes first, which the tool's own result answers. */
const FIRST_REQUEST: Partial<Record<AppView, Method>> = { dashboard: "dashboard/report", milestones: "milestones/get", recommendations: "recommendations/get" };

const textOf = (result: CallToolResult) => result.content.map((part) => (part.type === "text" ? part.text : "")).join("");

function practiceFrom(started: StartedPractice): PracticeProps["question"] {
  return { text: started.question.text, id: started.question.id, category: started.question.category, explanation: started.explanation };
}

/** evaluate_response's own call: the question and answer it scored, from the tool's arguments. */
function scoredFrom(input: Record<string, unknown>, evaluation: ToolResult<"evaluate_response">): Pick<PracticeProps, "question" | "scored"> {
  const args = input as Partial<ToolArgs<"evaluate_response">>;
  return {
    question: { text: args.question ?? "", ...(args.questionId ? { id: args.questionId } : {}), ...(args.category ? { category: args.category } : {}) },
    scored: { response: args.response ?? "", evaluation },
  };
}

/** One tool's view of the sidebar's components, talking to the server through the chat host. */
export function CoachApp({ app, opened }: { app: App; opened: Opened }) {
  const structured = opened.result.structuredContent;
  const [practice, setPractice] = useState<Pick<PracticeProps, "question" | "scored"> | null>(() => {
    if (opened.view !== "practice" || !structured) return null;
    return "question" in structured && typeof structured.question === "object"
      ? { question: practiceFrom(structured as StartedPractice) }
      : scoredFrom(opened.input, structured as ToolResult<"evaluate_response">);
  });
  const transport = useMemo(() => {
    const method = FIRST_REQUEST[opened.view];
    const first = opened.result.structuredContent;
    return createAppTransport(app, {
      first: method && first ? { method, result: first } : null,
      state: first && typeof first.period === "string" ? { period: first.period } : {},
      onPracticeStarted: (started) => setPractice({ question: practiceFrom(started) }),
    });
  }, [app, opened]);
  const actions = useMemo<PracticeActions>(
    () => ({ score: (args) => callTool(app, "evaluate_response", args), record: (args) => callTool(app, "record_performance", args) }),
    [app],
  );

  if (opened.result.isError || !structured) {
    return (
      <p className="status error" role="alert">
        {textOf(opened.result) || "The tool answered without a result to show."}
      </p>
    );
  }
  const view = practice ? (
    <Practice key={practice.question.text} {...practice} actions={actions} now={() => Date.now()} onRecorded={() => transport.changed("practice recorded")} />
  ) : opened.view === "dashboard" ? (
    <Dashboard />
  ) : opened.view === "milestones" ? (
    <Milestones />
  ) : opened.view === "recommendations" ? (
    <Recommendations />
  ) : opened.view === "abTrial" ? (
    <main className="ab-runner">
      <h2>{(structured as ToolResult<"run_ab_test">).question}</h2>
      <TrialResult result={structured as ToolResult<"run_ab_test">} />
    </main>
  ) : null;
  return <TransportContext.Provider value={transport}>{view}</TransportContext.Provider>;
}
