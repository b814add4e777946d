import type { ApiKeyRecord, CredentialStore } from "./auth/api-keys.js";
import { disconnectApp, listConnectedApps, type ConnectedApp } from "./oauth/connected-apps.js";
import type { OAuthRecords } from "./oauth/records.js";
import { SignInCodes } from "./oauth/sign-in-codes.js";
import type { KeysAction } from "./keys-options.js";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const when = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}

/**
 * create prints the key alone on stdout (so `KEY=$(... keys create ...)` captures it) and what it is on stderr;
 * the key cannot be shown again. Exit codes: 0 done, 1 no such key.
 */
const keyRows = (keys: ApiKeyRecord[]) => [["KEY_ID", "USER", "SCOPES", "NAME", "CREATED", "REVOKED"], ...keys.map((k) => [k.id, k.userId, k.scopes.join(","), k.name ?? "-", when(k.createdAt), when(k.revokedAt)])];
const appRows = (apps: ConnectedApp[]) => [["GRANT_ID", "USER", "APP", "SCOPES", "CONNECTED", "EXPIRES"], ...apps.map((a) => [a.grantId, a.userId, a.appName, a.scopes.join(","), when(a.connectedAt), when(a.expiresAt)])];

export async function runKeysAction(keys: CredentialStore, records: OAuthRecords, action: KeysAction, io: Output): Promise<number> {
  if (action.action === "sign-in-code") {
    const { code, expiresAt } = await new SignInCodes(records).mint(action.userId);
    io.out(`${code}\n`);
    io.err(`Sign-in code for user ${action.userId}: type it on the server's sign-in page before ${when(expiresAt)}. It works once.\n`);
    return 0;
  }
  if (action.action === "apps") {
    const apps = await listConnectedApps(records, action.userId);
    io.out(action.json ? `${JSON.stringify(apps, null, 2)}\n` : apps.length ? table(appRows(apps)) : "No connected apps.\n");
    return 0;
  }
  if (action.action === "disconnect") {
    const app = await disconnectApp(records, action.grantId);
    if (!app) {
      io.err(`No connected app with grant ${action.grantId} (keys apps shows them).\n`);
      return 1;
    }
    io.out(`Disconnected ${app.appName} from user ${app.userId}; its access and refresh tokens are refused from now on.\n`);
    return 0;
  }
  if (action.action === "create") {
    const { key, record } = await keys.create({ userId: action.userId, scopes: action.scopes, name: action.name });
    io.out(`${key}\n`);
    io.err(`Created API key ${record.id} for user ${record.userId} with scopes ${record.scopes.join(" ")}. Store it now: it is not shown again.\n`);
    return 0;
  }
  if (action.action === "list") {
    const listed = await keys.list(action.userId);
    io.out(action.json ? `${JSON.stringify(listed, null, 2)}\n` : listed.length ? table(keyRows(listed)) : "No API keys.\n");
    return 0;
  }
  const revoked = await keys.revoke(action.keyId);
  if (!revoked) {
    io.err(`No API key ${action.keyId} (keys list shows them).\n`);
    return 1;
  }
  io.out(`Revoked API key ${revoked.id} of user ${revoked.userId} at ${when(revoked.revokedAt)}; it and the access tokens issued for it are refused from now on.\n`);
  return 0;
}
