import { randomBytes } from "node:crypto";
import type { Scope } from "../auth/scopes.js";
import { digestClientSecret } from "./client-secrets.js";
import type { OAuthRecords } from "./records.js";

/** Client metadata naming the user a service client acts for; only the operator sets it. */
export const SERVICE_USER = "coach_user_id";

export interface ServiceClient {
  clientId: string;
  userId: string;
  name: string;
  scopes: Scope[];
}

/**
 * A confidential client for service-to-service use (client_credentials), acting for one user with
 * the scopes given. Its secret is returned once and stored as a digest.
 */
export async function createServiceClient(
  records: OAuthRecords,
  input: { userId: string; scopes: Scope[]; name: string | null },
): Promise<{ client: ServiceClient; secret: string }> {
  const clientId = `svc_${randomBytes(12).toString("base64url")}`;
  const secret = randomBytes(32).toString("base64url");
  const name = input.name ?? `Service for ${input.userId}`;
  await records.upsert({
    model: "Client",
    id: clientId,
    payload: {
      client_id: clientId,
      client_secret: digestClientSecret(secret),
      client_name: name,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: "client_secret_basic",
      scope: input.scopes.join(" "),
      [SERVICE_USER]: input.userId,
    },
    grantId: null,
    uid: null,
    accountId: input.userId,
    expiresAt: null,
  });
  return { client: { clientId, userId: input.userId, name, scopes: input.scopes }, secret };
}

/** The service clients acting for a user (or for everyone). */
export async function listServiceClients(records: OAuthRecords, userId: string | null): Promise<ServiceClient[]> {
  return (await records.listByAccount("Client", userId))
    .filter(({ payload }) => typeof payload[SERVICE_USER] === "string")
    .map(({ id, payload }) => ({
      clientId: id,
      userId: String(payload[SERVICE_USER]),
      name: String(payload.client_name ?? id),
      scopes: String(payload.scope ?? "")
        .split(" ")
        .filter(Boolean) as Scope[],
    }));
}
