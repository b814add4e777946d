/** What the sign-in window's redirect says, as an error a person can act on, or the authorization code. */
export function codeFromRedirect(redirected: string, expectedState: string | undefined): string {
  const answer = new URL(redirected);
  const error = answer.searchParams.get("error");
  if (error === "access_denied") throw new Error("You did not allow Interview Coach to use your coach; nothing was connected.");
  if (error) throw new Error(`Sign-in failed: ${answer.searchParams.get("error_description") ?? error}.`);
  if (!expectedState || answer.searchParams.get("state") !== expectedState)
    throw new Error("Sign-in answered a different request (its state does not match); start it again.");
  const code = answer.searchParams.get("code");
  if (!code) throw new Error("Sign-in came back without an authorization code; start it again.");
  return code;
}
