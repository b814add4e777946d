import type { SessionPut } from "#contracts/awareness.js";
import { activityPlan, chatPlatformOf, SESSION_TTL_MS, type ChatPlatform } from "./chat-activity";
import { browserName, ExtensionAuthProvider } from "./sign-in";
import { load, save } from "./storage";

/** This browser's session id for a platform: stable across restarts, different for each browser the person uses. */
async function sessionId(platform: ChatPlatform): Promise<string> {
  let install = await load("installId");
  if (!install) {
    install = crypto.randomUUID();
    await save("installId", install);
  }
  return `browser-${install}-${platform}`;
}

async function call(server: string, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/**
 * Tells the person's coach which chat sites are open in this browser, as one awareness session per
 * platform on their most recently active project, so VS Code's Other Platforms view shows it; a
 * platform whose last tab closed is removed. Quietly does nothing until a server is set and signed in.
 */
export async function reportActivity(): Promise<void> {
  await navigator.locks.request("interview-coach-activity-report", async () => {
    const server = await load("server");
    if (!server) return;
    // The manifest's host access is the chat sites: the server's own origin is granted apart, at run time.
    const tabs = await chrome.tabs.query({ url: chrome.runtime.getManifest().host_permissions ?? [] });
    const open = new Set(tabs.flatMap((tab) => chatPlatformOf(tab.url) ?? []));
    const reported = { ...(await load("reported")) };
    const now = Date.now();
    const plan = activityPlan(open, reported, now);
    if (!plan.put.length && !plan.remove.length) return;
    const token = (await new ExtensionAuthProvider(server).tokens())?.access_token;
    if (!token) return;
    let project: string | null = null;
    if (plan.put.length) {
      const listed = await call(server, token, "GET", "/v1/projects?limit=1");
      if (listed.ok) project = ((await listed.json()) as { projects: { project_id: string }[] }).projects[0]?.project_id ?? null;
    }
    for (const platform of plan.put) {
      const session: SessionPut = {
        platform,
        active_project: project,
        context: { via: "browser extension", browser: browserName() },
        expires_at: new Date(now + SESSION_TTL_MS).toISOString(),
      };
      const put = await call(server, token, "PUT", `/v1/sessions/${await sessionId(platform)}`, session);
      if (put.ok) reported[platform] = now;
    }
    for (const platform of plan.remove) {
      const removed = await call(server, token, "DELETE", `/v1/sessions/${await sessionId(platform)}`);
      if (removed.ok || removed.status === 404) delete reported[platform];
    }
    await save("reported", reported);
  });
}
