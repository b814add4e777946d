import type { OAuthRecords } from "./records.js";

/** An app a person connected through OAuth: one grant, with the client it was given to. */
export interface ConnectedApp {
  grantId: string;
  userId: string;
  clientId: string;
  /** The name the app registered with, or its client id. */
  appName: string;
  scopes: string[];
  /** Epoch ms. */
  connectedAt: number;
  expiresAt: number | null;
}

/** Every live grant of a user (or of everyone), newest last. */
export async function listConnectedApps(records: OAuthRecords, userId: string | null): Promise<ConnectedApp[]> {
  const grants = await records.listByAccount("Grant", userId);
  const names = new Map<string, string>();
  const apps: ConnectedApp[] = [];
  for (const { id, payload } of grants) {
    const clientId = String(payload.clientId ?? "");
    if (!names.has(clientId)) {
      const client = await records.find("Client", clientId);
      names.set(clientId, typeof client?.payload.client_name === "string" ? client.payload.client_name : clientId);
    }
    const resources = (payload.resources ?? {}) as Record<string, string>;
    const openid = (payload.openid ?? {}) as { scope?: string };
    const rejected = (payload.rejected ?? {}) as { resources?: Record<string, string> };
    // A scope the person's sign-in did not reach is recorded as rejected beside the one asked for.
    const refused = new Set(Object.values(rejected.resources ?? {}).flatMap((scope) => scope.split(" ")));
    const scopes = [...new Set([...(openid.scope ?? "").split(" "), ...Object.values(resources).flatMap((scope) => scope.split(" "))])].filter(
      (s) => s && !refused.has(s),
    );
    apps.push({
      grantId: id,
      userId: String(payload.accountId ?? ""),
      clientId,
      appName: names.get(clientId)!,
      scopes,
      connectedAt: Number(payload.iat ?? 0) * 1000,
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
    });
  }
  return apps.sort((a, b) => a.connectedAt - b.connectedAt);
}

/** Ends an app's access: the grant and every code and token it issued. False when there is no such grant (for that user). */
export async function disconnectApp(records: OAuthRecords, grantId: string, userId: string | null = null): Promise<ConnectedApp | null> {
  const app = (await listConnectedApps(records, userId)).find((candidate) => candidate.grantId === grantId) ?? null;
  if (!app) return null;
  await records.revokeByGrantId(grantId);
  await records.destroy("Grant", grantId);
  return app;
}
