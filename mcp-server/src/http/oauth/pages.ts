import { createHash } from "node:crypto";
import type { Scope } from "../auth/scopes.js";

/** What each scope lets a connected app do, in the words the consent page shows. */
export const SCOPE_WORDS: Record<Scope | "offline_access", string> = {
  "memory:access": "Read your digital twin (profile and STAR stories) and practise with it: score answers, run A/B tests, record practice",
  "project:read": "See your interview projects, sessions and progress",
  "project:write": "Create and change your interview projects",
  "session:sync": "Keep your active project and session in step across your apps",
  offline_access: "Stay connected when you are not using it, until you disconnect it",
};

const STYLE = `
:root { color-scheme: light dark; --fg: #1f1f1f; --bg: #ffffff; --muted: #5f5f5f; --accent: #0b57d0; --accent-fg: #ffffff; --border: #c7c7c7; --error: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e3e3e3; --bg: #1e1e1e; --muted: #a8a8a8; --accent: #7cacf8; --accent-fg: #062e6f; --border: #5f5f5f; --error: #f2b8b5; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 32rem; margin: 3rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
p.muted, .hint { color: var(--muted); font-size: 0.9rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
input[type=text], input[type=password] { width: 100%; padding: 0.6rem; font: inherit; color: inherit; background: transparent; border: 1px solid var(--border); border-radius: 6px; }
ul.scopes { padding-left: 1.25rem; }
ul.scopes li { margin: 0.4rem 0; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.55rem 1.2rem; border-radius: 6px; border: 1px solid var(--border); background: transparent; color: inherit; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); font-weight: 600; }
button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { color: var(--error); font-weight: 600; }
`;

/** The pages run no script and load nothing: one inline style allowed by its hash, and no framing (clickjacking). */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; img-src 'none'; frame-ancestors 'none'; base-uri 'none'`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Interview Coach</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface SignInPage {
  action: string;
  abortAction: string;
  csrf: string;
  clientName: string;
  /** What went wrong with the last attempt, shown above the field. */
  error?: string;
}

export function signInPage(page: SignInPage): string {
  const error = page.error ? `<p class="error" role="alert" id="credential-error">${escapeHtml(page.error)}</p>` : "";
  return layout(
    "Sign in",
    `<h1>Sign in to Interview Coach</h1>
<p><strong>${escapeHtml(page.clientName)}</strong> wants to connect to your Interview Coach.</p>
<form method="post" action="${escapeHtml(page.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
${error}
<label for="credential">Sign-in code or API key</label>
<input type="password" id="credential" name="credential" autocomplete="one-time-code" required autofocus spellcheck="false"${page.error ? ' aria-invalid="true" aria-describedby="credential-error credential-hint"' : ' aria-describedby="credential-hint"'}>
<p class="hint" id="credential-hint">Get a code in VS Code with <em>Interview Coach: Connect ChatGPT or Claude…</em>, or on the server with <code>node dist/mcp-server.js keys sign-in-code --user YOUR_ID</code> and the server's own <code>--data-dir</code> (or <code>--redis</code>). A code works once, for 10 minutes.</p>
<div class="actions"><button type="submit" class="primary">Sign in</button><button type="submit" formaction="${escapeHtml(page.abortAction)}" formnovalidate>Cancel</button></div>
</form>`,
  );
}

export interface ConsentPage {
  action: string;
  abortAction: string;
  csrf: string;
  clientName: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  /** Scopes the app asked for that the person's sign-in does not reach: it will not get them. */
  beyondReach: string[];
}

export function consentPage(page: ConsentPage): string {
  const known = page.scopes.filter((scope): scope is keyof typeof SCOPE_WORDS => scope in SCOPE_WORDS);
  const items = known.length
    ? known.map((scope) => `<li>${escapeHtml(SCOPE_WORDS[scope])} <span class="hint">(<code>${escapeHtml(scope)}</code>)</span></li>`).join("\n")
    : `<li>Confirm who you are; nothing else.</li>`;
  return layout(
    "Allow access",
    `<h1>Allow ${escapeHtml(page.clientName)} to use your Interview Coach?</h1>
<p class="muted">Signed in as <strong>${escapeHtml(page.userId)}</strong>.</p>
<p>It will be able to:</p>
<ul class="scopes">
${items}
</ul>
${page.beyondReach.length ? `<p class="hint">It also asked for ${page.beyondReach.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ")}, which the key or code you signed in with does not allow; it will not get ${page.beyondReach.length === 1 ? "it" : "them"}.</p>\n` : ""}<p>Afterwards you go back to <code>${escapeHtml(page.redirectUri)}</code>.</p>
<p class="hint">You can disconnect it at any time in VS Code (<em>Interview Coach: Connected Apps</em>) or on the server with <code>keys apps</code> to find it and <code>keys disconnect</code> to end it.</p>
<form method="post" action="${escapeHtml(page.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">
<div class="actions"><button type="submit" class="primary">Allow</button><button type="submit" formaction="${escapeHtml(page.abortAction)}">Deny</button></div>
</form>`,
  );
}

export function errorPage(title: string, detail: string): string {
  return layout(
    "Something went wrong",
    `<h1>Could not connect</h1>\n<p class="error" role="alert">${escapeHtml(title)}</p>\n<p>${escapeHtml(detail)}</p>\n<p class="hint">Close this page and start connecting again from your app.</p>`,
  );
}
