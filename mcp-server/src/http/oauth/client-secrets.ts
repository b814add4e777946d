import { createHash } from "node:crypto";
import type Provider from "oidc-provider";

/** Registered clients' secrets are stored as `sha256:<base64url digest>`, never as given. */
const PREFIX = "sha256:";

export const digestClientSecret = (secret: string) => PREFIX + createHash("sha256").update(secret).digest("base64url");
export const isDigestedSecret = (stored: string) => stored.startsWith(PREFIX);

interface ClientPrototype {
  clientSecret?: string;
  compareClientSecret(actual: string): Promise<boolean>;
}

/**
 * oidc-provider compares a presented client secret with the stored one in constant time; a stored
 * digest is compared with the presented secret's digest instead, through the same comparison.
 */
export function compareDigestedSecrets(provider: Provider): void {
  const prototype = (provider.Client as unknown as { prototype: ClientPrototype }).prototype;
  const compare = prototype.compareClientSecret;
  prototype.compareClientSecret = function (this: ClientPrototype, actual: string) {
    return compare.call(this, this.clientSecret !== undefined && isDigestedSecret(this.clientSecret) ? digestClientSecret(actual) : actual);
  };
}
