import { useEffect, useState } from "react";
import type { ResilientCoach } from "../offline/resilient-coach";
import { EMPTY_FEED, PLATFORM_NAMES, relativeTime } from "#protocol/platform-activity.js";
import { LiveFeed, type LiveState } from "../live-feed";
import { load, save } from "../storage";

/** The active interview project and who is practising where, as every platform reported it, live over the sync socket. */
export function ProjectStatus({ server, coach }: { server: string; coach: ResilientCoach }) {
  const [live, setLive] = useState<LiveState>({ status: "connecting", projects: [], sessions: [], activity: [], feed: EMPTY_FEED });
  /** The time "5 min ago" is counted from: when the last state arrived, and every half minute. */
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let feed: LiveFeed | null = null;
    let stopped = false;
    // A panel opened offline still shows the project, from what was last received.
    void load("live").then((kept) => {
      if (stopped) return;
      feed = new LiveFeed(
        server,
        () => coach.freshToken(),
        (state) => {
          setLive(state);
          setNow(Date.now());
          if (state.status === "live") void save("live", { projects: state.projects, sessions: state.sessions, feed: state.feed });
        },
        kept,
      );
      feed.start();
    });
    // The coach answered again: the socket need not wait out its backoff.
    const backOnline = coach.onChange((reach) => reach === "online" && feed?.retryNow());
    const ticking = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      stopped = true;
      backOnline();
      feed?.stop();
      clearInterval(ticking);
    };
  }, [server, coach]);
  const [active] = live.projects;
  const nameOf = (id: string | null) => (id ? (live.projects.find((p) => p.project_id === id)?.name ?? id) : "no project");
  return (
    <section className="project-status" aria-label="Your interview project">
      <p className="live-status muted" role="status">
        {live.status === "live" ? "Live" : live.status === "connecting" ? "Connecting…" : "Offline: showing what was last received, reconnecting…"}
      </p>
      {active ? (
        <>
          <h2>{active.name}</h2>
          <p className="muted">
            Last activity {relativeTime(Date.parse(active.last_activity), now)}
            {active.platforms.length > 0 && ` · on ${active.platforms.map((p) => PLATFORM_NAMES[p]).join(", ")}`}
            {active.target_role && ` · for ${active.target_role.role}${active.target_role.company ? ` at ${active.target_role.company}` : ""}`}
          </p>
        </>
      ) : (
        live.status === "live" && <p className="muted">No interview project yet: VS Code and the other apps report the one you work on.</p>
      )}
      {live.sessions.length > 0 && (
        <ul className="sessions" aria-label="Where you are practising now">
          {live.sessions.map((session) => (
            <li key={session.session_id}>
              <strong>{PLATFORM_NAMES[session.platform]}</strong>: {nameOf(session.active_project)}
            </li>
          ))}
        </ul>
      )}
      {live.activity.length > 0 && (
        <>
          <h3>Lately on your platforms</h3>
          <ul className="activity" aria-label="What your platforms did lately">
            {live.activity.map((item) => (
              <li key={`${item.kind}:${item.subject}@${item.clock}`} title={item.detail}>
                {item.label} <span className="muted">· {relativeTime(item.at, now)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
