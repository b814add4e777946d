import { hash } from "node:crypto";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { digestClientSecret, isDigestedSecret } from "./client-secrets.js";
import type { OAuthRecords } from "./records.js";
import { SERVICE_USER } from "./service-clients.js";

/**
 * Models whose id is the bearer value itself (a code, a token): stored under the value's SHA-256,
 * so a copy of the database lets nobody present one. Sessions and interactions ride in signed
 * cookies, clients and grants are identifiers, not secrets.
 */
const BEARER_MODELS: ReadonlySet<string> = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "ClientCredentials",
  "InitialAccessToken",
  "RegistrationAccessToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PushedAuthorizationRequest",
]);

export const bearerDigest = (value: string) => hash("sha256", value, "base64url");

/** oidc-provider's storage interface for one model, over the shared OAuthRecords. */
export class RecordsAdapter implements Adapter {
  private readonly hashed: boolean;

  constructor(
    private readonly model: string,
    private readonly records: OAuthRecords,
    private readonly now: () => number = Date.now,
  ) {
    this.hashed = BEARER_MODELS.has(model);
  }

  private storageId(id: string): string {
    return this.hashed ? bearerDigest(id) : id;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // The bearer value is also the payload's jti: it is given back on find, never written.
    const { jti: _bearer, ...rest } = payload;
    const stored = this.hashed ? rest : this.model === "Client" ? withDigestedSecret(payload) : payload;
    await this.records.upsert({
      model: this.model,
      id: this.storageId(id),
      payload: stored as Record<string, unknown>,
      grantId: typeof payload.grantId === "string" ? payload.grantId : null,
      uid: this.model === "Session" && typeof payload.uid === "string" ? payload.uid : null,
      accountId: typeof payload.accountId === "string" ? payload.accountId : typeof payload[SERVICE_USER] === "string" ? payload[SERVICE_USER] : null,
      expiresAt: typeof expiresIn === "number" ? this.now() + expiresIn * 1000 : null,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const found = await this.records.find(this.model, this.storageId(id));
    if (!found) return undefined;
    const payload = (this.hashed ? { ...found.payload, jti: id } : found.payload) as AdapterPayload;
    return found.consumedAt === null ? payload : { ...payload, consumed: found.consumedAt };
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const found = await this.records.findByUid(this.model, uid);
    if (!found) return undefined;
    return (found.consumedAt === null ? found.payload : { ...found.payload, consumed: found.consumedAt }) as AdapterPayload;
  }

  // The device flow is not enabled: no user codes are ever stored.
  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    await this.records.consume(this.model, this.storageId(id), Math.floor(this.now() / 1000));
  }

  async destroy(id: string): Promise<void> {
    await this.records.destroy(this.model, this.storageId(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.records.revokeByGrantId(grantId);
  }
}

/** A registered client's secret is kept as its digest; the client was shown the secret once, in the registration response. */
function withDigestedSecret(payload: AdapterPayload): AdapterPayload {
  const secret = payload.client_secret;
  if (typeof secret !== "string" || isDigestedSecret(secret)) return payload;
  return { ...payload, client_secret: digestClientSecret(secret) };
}
