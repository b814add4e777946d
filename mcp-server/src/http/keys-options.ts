import { parseArgs } from "node:util";
import { isScope, isUserId, SCOPES, USER_ID_RULE, type Scope } from "./auth/scopes.js";
import { redisUrl, type Parsed } from "./cli-options.js";

export type KeysAction = (
  | { action: "create"; userId: string; scopes: Scope[]; name: string | null }
  | { action: "list"; userId: string | null; json: boolean }
  | { action: "revoke"; keyId: string }
  | { action: "sign-in-code"; userId: string }
  | { action: "service-client"; userId: string; scopes: Scope[]; name: string | null }
  | { action: "apps"; userId: string | null; json: boolean }
  | { action: "disconnect"; grantId: string }
) & {
  /** The keys live in this Redis (as for a server started with --redis), not in the data dir. */
  redisUrl: string | null;
};

/**
 * The ids `keys apps` prints are base64url and may start with "-", which would read as a flag: the
 * argument after `disconnect` is its ID whatever it looks like, so it moves behind "--".
 */
function disconnectIdLast(argv: string[]): string[] {
  const at = argv.indexOf("disconnect");
  const id = argv[at + 1];
  if (at === -1 || id === undefined || !id.startsWith("-") || id.startsWith("--")) return argv;
  return [...argv.slice(0, at + 1), ...argv.slice(at + 2), "--", id];
}

/** `keys create|list|revoke|sign-in-code|service-client|apps|disconnect ...`: the arguments after "keys". */
export function parseKeysCommand(argv: string[]): Parsed<{ dataDir: string | undefined; keys: KeysAction } | "help"> {
  let parsed;
  try {
    parsed = parseArgs({
      args: disconnectIdLast(argv),
      options: {
        user: { type: "string" },
        scope: { type: "string", multiple: true },
        name: { type: "string" },
        json: { type: "boolean" },
        "data-dir": { type: "string" },
        redis: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { ok: false, error: `keys: ${(error as Error).message}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, value: "help" };
  const [action, ...rest] = positionals;
  if (values["data-dir"] === "") return { ok: false, error: "--data-dir: must not be empty" };
  const dataDir = values["data-dir"];
  if (dataDir !== undefined && values.redis !== undefined)
    return { ok: false, error: "keys: give --data-dir or --redis, not both (with --redis the keys live in Redis)" };
  const redis = values.redis === undefined ? null : redisUrl("redis", values.redis);
  if (redis && !redis.ok) return redis;
  const redisAt = redis ? redis.value : null;
  const misplaced = (flags: (keyof typeof values)[], positionals: string[]) => {
    if (positionals.length) return `keys ${action}: unexpected argument "${positionals[0]}"`;
    const flag = flags.find((f) => values[f] !== undefined);
    return flag ? `keys ${action}: --${flag} does not apply here` : null;
  };
  if (action === "create" || action === "service-client") {
    const wrong = misplaced(["json"], rest);
    if (wrong) return { ok: false, error: wrong };
    if (!values.user) return { ok: false, error: `keys ${action}: --user is required` };
    if (!isUserId(values.user)) return { ok: false, error: `--user: ${USER_ID_RULE}; got "${values.user}"` };
    const scopes = values.scope ?? [];
    if (!scopes.length) return { ok: false, error: `keys ${action}: at least one --scope is required (${SCOPES.join(", ")})` };
    const unknown = scopes.find((s) => !isScope(s));
    if (unknown !== undefined) return { ok: false, error: `--scope: must be one of ${SCOPES.join(", ")}; got "${unknown}"` };
    const name = values.name ?? null;
    if (name !== null && (!name.trim() || name.length > 100)) return { ok: false, error: "--name: must be 1–100 characters" };
    return { ok: true, value: { dataDir, keys: { action, userId: values.user, scopes: [...new Set(scopes as Scope[])], name, redisUrl: redisAt } } };
  }
  if (action === "list") {
    const wrong = misplaced(["scope", "name"], rest);
    if (wrong) return { ok: false, error: wrong };
    if (values.user !== undefined && !isUserId(values.user)) return { ok: false, error: `--user: ${USER_ID_RULE}; got "${values.user}"` };
    return { ok: true, value: { dataDir, keys: { action, userId: values.user ?? null, json: values.json ?? false, redisUrl: redisAt } } };
  }
  if (action === "revoke") {
    const wrong = misplaced(["user", "scope", "name", "json"], rest.slice(1));
    if (wrong) return { ok: false, error: wrong };
    if (rest.length !== 1) return { ok: false, error: "keys revoke: give exactly one KEY_ID (see keys list)" };
    if (!/^[0-9a-f]{16}$/.test(rest[0]!)) return { ok: false, error: `KEY_ID: must be the 16 hex characters keys list shows; got "${rest[0]}"` };
    return { ok: true, value: { dataDir, keys: { action, keyId: rest[0]!, redisUrl: redisAt } } };
  }
  if (action === "sign-in-code") {
    const wrong = misplaced(["scope", "name", "json"], rest);
    if (wrong) return { ok: false, error: wrong };
    if (!values.user) return { ok: false, error: "keys sign-in-code: --user is required" };
    if (!isUserId(values.user)) return { ok: false, error: `--user: ${USER_ID_RULE}; got "${values.user}"` };
    return { ok: true, value: { dataDir, keys: { action, userId: values.user, redisUrl: redisAt } } };
  }
  if (action === "apps") {
    const wrong = misplaced(["scope", "name"], rest);
    if (wrong) return { ok: false, error: wrong };
    if (values.user !== undefined && !isUserId(values.user)) return { ok: false, error: `--user: ${USER_ID_RULE}; got "${values.user}"` };
    return { ok: true, value: { dataDir, keys: { action, userId: values.user ?? null, json: values.json ?? false, redisUrl: redisAt } } };
  }
  if (action === "disconnect") {
    const wrong = misplaced(["user", "scope", "name", "json"], rest.slice(1));
    if (wrong) return { ok: false, error: wrong };
    if (rest.length !== 1) return { ok: false, error: "keys disconnect: give exactly one ID (a grant or service client, see keys apps)" };
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(rest[0]!)) return { ok: false, error: `ID: must be an id keys apps shows; got "${rest[0]}"` };
    return { ok: true, value: { dataDir, keys: { action, grantId: rest[0]!, redisUrl: redisAt } } };
  }
  const actions = "create, list, revoke, sign-in-code, service-client, apps or disconnect";
  return { ok: false, error: action === undefined ? `keys: give ${actions}` : `keys: unknown action "${action}"; use ${actions}` };
}
