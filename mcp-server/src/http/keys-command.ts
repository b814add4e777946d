import type { ApiKeyRecord, CredentialStore } from "./auth/api-keys.js";
import { disconnectApp, listConnectedApps, type ConnectedApp } from "./oauth/connected-apps.js";
import type { OAuthRecords } from "./oauth/records.js";
import { createServiceClient, listServiceClients, type ServiceClient } from "./oauth/service-clients.js";
import { SignInCodes } from "./oauth/sign-in-codes.js";
import type { KeysAction } from "./keys-options.js";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const when = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/**
 * create prints the key alone on stdout (so `KEY=$(... keys create ...)` captures it) and what it is on stderr;
 * the key cannot be shown again. Exit codes: 0 done, 1 no such key.
 */
const keyRows = (keys: ApiKeyRecord[]) => [
  ["KEY_ID", "USER", "SCOPES", "NAME", "CREATED", "REVOKED"],
  ...keys.map((k) => [k.id, k.userId, k.scopes.join(","), k.name ?? "-", when(k.createdAt), when(k.revokedAt)]),
];
const appRows = (apps: ConnectedApp[], services: ServiceClient[]) => [
  ["ID", "USER", "APP", "SCOPES", "CONNECTED", "EXPIRES"],
  ...apps.map((a) => [a.grantId, a.userId, a.appName, a.scopes.join(","), when(a.connectedAt), when(a.expiresAt)]),
  ...services.map((c) => [c.clientId, c.userId, `${c.name} (service client)`, c.scopes.join(","), "-", "-"]),
];

export async function runKeysAction(keys: CredentialStore, records: OAuthRecords, action: KeysAction, io: Output): Promise<number> {
  if (action.action === "sign-in-code") {
    const { code, expiresAt } = await new SignInCodes(records).mint(action.userId);
    io.out(`${code}\n`);
    io.err(`Sign-in code for user ${action.userId}: type it on the server's sign-in page before ${when(expiresAt)}. It works once.\n`);
    return 0;
  }
  if (action.action === "service-client") {
    const { client, secret } = await createServiceClient(records, action);
    io.out(`${client.clientId}\n${secret}\n`);
    io.err(
      `Created service client ${client.clientId} acting for user ${client.userId} with scopes ${client.scopes.join(" ")}: the lines above are its client id and secret for the client_credentials grant (POST /token with HTTP Basic). Store the secret now: it is not shown again.\n`,
    );
    return 0;
  }
  if (action.action === "apps") {
    const [apps, services] = await Promise.all([listConnectedApps(records, action.userId), listServiceClients(records, action.userId)]);
    io.out(
      action.json
        ? `${JSON.stringify({ apps, services }, null, 2)}\n`
        : apps.length + services.length
          ? table(appRows(apps, services))
          : "No connected apps.\n",
    );
    return 0;
  }
  if (action.action === "disconnect") {
    const app = await disconnectApp(records, action.grantId);
    const service = app ? null : (await listServiceClients(records, null)).find((client) => client.clientId === action.grantId);
    if (service) await records.destroy("Client", service.clientId);
    if (!app && !service) {
      io.err(`No connected app or service client ${action.grantId} (keys apps shows them).\n`);
      return 1;
    }
    const [name, userId] = app ? [app.appName, app.userId] : [service!.name, service!.userId];
    io.out(`Disconnected ${name} from user ${userId}; its tokens are refused from now on.\n`);
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
  io.out(
    `Revoked API key ${revoked.id} of user ${revoked.userId} at ${when(revoked.revokedAt)}; it and the access tokens issued for it are refused from now on.\n`,
  );
  return 0;
}
