import { useCallback, useEffect, useState } from "react";
import { connectCoach, UnauthorizedError } from "../coach-client";
import { ResilientCoach, unreachable } from "../offline/resilient-coach";
import { ExtensionAuthProvider, signIn, signOut } from "../sign-in";
import { load, watch } from "../storage";

export type CoachState =
  | { kind: "loading" }
  | { kind: "no-server" }
  | { kind: "signed-out"; server: string; error: string | null; busy: boolean }
  | { kind: "signed-in"; server: string; coach: ResilientCoach }
  | { kind: "unreachable"; server: string; error: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The panel's connection to the coach: which server, whether this browser is signed in to it, and the MCP client once it is. */
export function useCoach(version: string): { state: CoachState; signIn(): void; signOut(): void; retry(): void } {
  const [server, setServer] = useState<string | null | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<CoachState>({ kind: "loading" });
  /** What signing out could not do, shown on the sign-in page that follows. */
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void load("server").then((stored) => setServer(stored ?? null));
    return watch("server", (stored) => setServer(stored ?? null));
  }, []);

  useEffect(() => {
    if (server === undefined) return;
    let current = true;
    let opened: ResilientCoach | null = null;
    const settle = (next: CoachState) => current && setState(next);
    const signedInWith = (coach: ResilientCoach) => {
      opened = coach;
      // A sign-in the server no longer accepts shows the sign-in page.
      coach.onChange((reach) => reach === "signed-out" && setAttempt((n) => n + 1));
      settle({ kind: "signed-in", server: coach.server, coach });
    };
    if (server === null) void Promise.resolve().then(() => settle({ kind: "no-server" }));
    else {
      connectCoach(server, version).then(
        (connection) => (current ? signedInWith(new ResilientCoach(server, version, connection)) : void connection.close()),
        async (error: unknown) => {
          if (error instanceof UnauthorizedError) return settle({ kind: "signed-out", server, error: null, busy: false });
          // Signed in before: the panel works from what it kept, and reconnects on its own.
          if (unreachable(error) && (await new ExtensionAuthProvider(server).record()).tokens) {
            if (current) signedInWith(new ResilientCoach(server, version, null));
            return;
          }
          settle({ kind: "unreachable", server, error: `Could not reach ${server}: ${message(error)}` });
        },
      );
    }
    return () => {
      current = false;
      void opened?.close();
    };
  }, [server, attempt, version]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const startSignIn = useCallback(() => {
    if (!server) return;
    setNotice(null);
    setState({ kind: "signed-out", server, error: null, busy: true });
    signIn(server).then(retry, (error: unknown) => setState({ kind: "signed-out", server, error: message(error), busy: false }));
  }, [server, retry]);
  const startSignOut = useCallback(() => {
    if (!server) return;
    // Reconnecting after the tokens are gone closes the old client and lands on the sign-in page.
    void signOut(server).then((note) => {
      setNotice(note);
      retry();
    });
  }, [server, retry]);
  const shown: CoachState = state.kind === "signed-out" && !state.error && notice ? { ...state, error: notice } : state;
  return { state: shown, signIn: startSignIn, signOut: startSignOut, retry };
}
