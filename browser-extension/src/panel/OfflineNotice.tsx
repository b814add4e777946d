import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { VscodeButton } from "#webview/components/elements.js";
import type { Reach, ResilientCoach } from "../offline/resilient-coach";
import { discard } from "../offline/practice-outbox";
import { load, watch, type QueuedPractice } from "../storage";

/** Whether the coach can be reached, kept current. */
export function useReach(coach: ResilientCoach): Reach {
  const subscribe = useCallback((changed: () => void) => coach.onChange(changed), [coach]);
  return useSyncExternalStore(subscribe, () => coach.status);
}

const practices = (n: number) => `${n} ${n === 1 ? "practice" : "practices"}`;

/** What working offline means for the person: what they see, what is waiting to be recorded, and what the server refused. */
export function OfflineNotice({ coach }: { coach: ResilientCoach }) {
  const reach = useReach(coach);
  const [outbox, setOutbox] = useState<QueuedPractice[]>([]);
  useEffect(() => {
    void load("outbox").then((kept) => setOutbox(kept ?? []));
    return watch("outbox", (kept) => setOutbox(kept ?? []));
  }, []);
  const waiting = outbox.filter((queued) => !queued.refused);
  const refused = outbox.filter((queued) => queued.refused);
  if (reach !== "offline" && !outbox.length) return null;
  return (
    <section className="offline-notice" aria-label="Offline">
      {reach === "offline" && (
        <p className="status" role="status">
          Offline: showing what your coach last sent. Answers are scored here by the same rubric; reconnecting…
        </p>
      )}
      {waiting.length > 0 && (
        <p className="note" role="status">
          {practices(waiting.length)} kept in this browser, to be recorded when your coach can be reached.
        </p>
      )}
      {refused.map((queued) => (
        <p key={queued.id} className="status error" role="alert">
          A practice from {new Date(queued.queuedAt).toLocaleString()} was refused by the server: {queued.refused}{" "}
          <VscodeButton secondary onClick={() => void discard(queued.id)}>
            Discard it
          </VscodeButton>
        </p>
      ))}
    </section>
  );
}
