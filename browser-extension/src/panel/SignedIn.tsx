import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { TransportContext } from "#webview/bridge/transport.js";
import { createToolTransport, type StartedPractice } from "#webview/bridge/tool-transport.js";
import { VscodeButton } from "#webview/components/elements.js";
import { App as Dashboard } from "#webview/views/dashboard/App.js";
import { App as Recommendations } from "#webview/views/recommendations/App.js";
import type { ResilientCoach } from "../offline/resilient-coach";
import { forget, load, watch, type PendingEvaluation } from "../storage";
import { NextPractice } from "./NextPractice";
import { OfflineNotice } from "./OfflineNotice";
import { ProjectStatus } from "./ProjectStatus";

const TABS = [
  { id: "progress", label: "Progress" },
  { id: "practice", label: "Practice" },
  { id: "recommendations", label: "Next steps" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** The coach for a signed-in browser: progress gauges, the next practice question, and what to do next, from the sidebar's own components. */
export function SignedIn({ server, coach, onSignOut }: { server: string; coach: ResilientCoach; onSignOut(): void }) {
  const [tab, setTab] = useState<Tab>("progress");
  const [started, setStarted] = useState<StartedPractice | null>(null);
  /** An answer chosen with the context menu: the practice tab scores it against its question. */
  const [selection, setSelection] = useState<PendingEvaluation | null>(null);
  useEffect(() => {
    const take = (pending: PendingEvaluation | undefined) => {
      if (!pending) return;
      setSelection(pending);
      setTab("practice");
      void forget("evaluation");
    };
    void load("evaluation").then(take);
    return watch("evaluation", take);
  }, []);
  const transport = useMemo(
    () =>
      createToolTransport((name, args) => coach.callTool(name, args), {
        where: "the browser",
        onPracticeStarted: (practice) => {
          setStarted(practice);
          setTab("practice");
        },
      }),
    [coach],
  );
  // Back online, every view reads again what the server now has, the practice sent from the outbox included.
  useEffect(() => coach.onChange((reach) => reach === "online" && transport.changed("back online")), [coach, transport]);
  // Arrow keys move between tabs, as in any tab list.
  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.findIndex((t) => t.id === tab) + step + TABS.length) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <TransportContext.Provider value={transport}>
      <header className="panel-header">
        <span className="muted" title={server}>
          Coaching from {new URL(server).host}
        </span>
        <VscodeButton secondary onClick={onSignOut}>
          Sign out
        </VscodeButton>
      </header>
      <OfflineNotice coach={coach} />
      <ProjectStatus server={server} coach={coach} />
      <nav role="tablist" aria-label="Interview Coach" className="tabs" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <section id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "progress" ? (
          <Dashboard />
        ) : tab === "practice" ? (
          <NextPractice
            key={started?.question.id ?? "scheduled"}
            coach={coach}
            started={started}
            selection={selection}
            onRecorded={() => transport.changed("practice recorded")}
          />
        ) : (
          <Recommendations />
        )}
      </section>
    </TransportContext.Provider>
  );
}
