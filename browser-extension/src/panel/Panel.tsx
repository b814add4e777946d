import { VscodeButton } from "#webview/components/elements.js";
import { SignedIn } from "./SignedIn";
import { useCoach } from "./use-coach";

const openOptions = () => void chrome.runtime.openOptionsPage();

/** The side panel: where the coach lives, whether this browser is signed in to it, then the coach itself. */
export function Panel({ version }: { version: string }) {
  const { state, signIn, signOut, retry } = useCoach(version);
  switch (state.kind) {
    case "loading":
      return <p className="status muted">Connecting to your coach…</p>;
    case "no-server":
      return (
        <main className="empty-state">
          <h1>Interview Coach</h1>
          <p>Tell the extension where your coach lives: the address of your Interview Coach server.</p>
          <VscodeButton onClick={openOptions}>Set the server address</VscodeButton>
        </main>
      );
    case "unreachable":
      return (
        <main className="empty-state">
          <p className="status error" role="alert">
            {state.error}
          </p>
          <VscodeButton onClick={retry}>Try again</VscodeButton>{" "}
          <VscodeButton secondary onClick={openOptions}>
            Change the server
          </VscodeButton>
        </main>
      );
    case "signed-out":
      return (
        <main className="empty-state">
          <h1>Interview Coach</h1>
          <p>
            Sign in to <strong>{state.server}</strong> with a sign-in code from VS Code (<em>Interview Coach: Connect ChatGPT or Claude…</em>) or one of your
            API keys.
          </p>
          {state.error && (
            <p className="status error" role="alert">
              {state.error}
            </p>
          )}
          <VscodeButton onClick={signIn} disabled={state.busy}>
            {state.busy ? "Signing in…" : "Sign in"}
          </VscodeButton>{" "}
          <VscodeButton secondary onClick={openOptions}>
            Change the server
          </VscodeButton>
        </main>
      );
    case "signed-in":
      return <SignedIn server={state.server} coach={state.coach} onSignOut={signOut} />;
  }
}
