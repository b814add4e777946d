import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LRUCache } from "lru-cache";
import type Provider from "oidc-provider";
import { looksLikeApiKey, type CredentialStore } from "../auth/api-keys.js";
import { INTERACTION_PATH } from "./authorization-server.js";
import { consentPage, errorPage, PAGE_CSP, signInPage } from "./pages.js";
import { isScope } from "../auth/scopes.js";
import type { SignedIn } from "./records.js";
import { looksLikeSignInCode, type SignInCodes } from "./sign-in-codes.js";

export interface InteractionDependencies {
  /** The running authorization server; null until the server knows its public URL. */
  provider(): Provider | null;
  isSessionNotFound(error: unknown): boolean;
  signInCodes: SignInCodes;
  credentials: CredentialStore;
  /** Signs the per-interaction CSRF token carried by every form. */
  csrfKey: Uint8Array;
}

/** Wrong codes one pending authorization may try before it ends as refused. */
export const MAX_SIGN_IN_ATTEMPTS = 5;
/** Sign-in attempts one address may make per minute, across authorizations. */
const SIGN_IN_PER_MINUTE = 20;

type Form = Record<string, string>;
type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("content-security-policy", PAGE_CSP)
    .send(html);
}

/**
 * The pages a person sees at /authorize: sign in with a one-time code or an API key, then consent
 * to the scopes the app asked for, or refuse. Plain forms, no script; each form carries a token
 * bound to the pending authorization, besides the authorization's own SameSite cookie.
 */
export async function interactionRoutes(app: FastifyInstance, deps: InteractionDependencies): Promise<void> {
  const attempts = new LRUCache<string, number>({ max: 10_000, ttl: 15 * 60_000 });
  const csrfOf = (uid: string) => createHmac("sha256", deps.csrfKey).update(uid).digest("base64url");
  const csrfMatches = (uid: string, given: string | undefined) => {
    const expected = Buffer.from(csrfOf(uid));
    const actual = Buffer.from(given ?? "");
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };

  /** The pending authorization this request belongs to, or a page saying why there is none. */
  async function pending(request: FastifyRequest, reply: FastifyReply, form?: Form): Promise<{ provider: Provider; details: Interaction } | null> {
    const provider = deps.provider();
    if (!provider) {
      page(reply, 503, errorPage("The server is starting", "Try again in a moment."));
      return null;
    }
    let details: Interaction;
    try {
      details = await provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (!deps.isSessionNotFound(error)) throw error;
      page(
        reply,
        400,
        errorPage("This sign-in has expired or was opened in another browser", "Sign-in pages work for 15 minutes, in the browser the app opened."),
      );
      return null;
    }
    const uid = (request.params as { uid: string }).uid;
    if (details.uid !== uid || (form !== undefined && !csrfMatches(uid, form.csrf))) {
      page(reply, 403, errorPage("This form was not sent from its sign-in page", "Nothing was changed."));
      return null;
    }
    return { provider, details };
  }

  async function clientName(provider: Provider, details: Interaction): Promise<string> {
    const clientId = String(details.params.client_id ?? "");
    const client = await provider.Client.find(clientId);
    return client?.clientName ?? clientId;
  }

  const actions = (uid: string) => ({ base: `${INTERACTION_PATH}/${encodeURIComponent(uid)}`, csrf: csrfOf(uid) });

  async function showSignIn(reply: FastifyReply, provider: Provider, details: Interaction, error?: string, status = 200): Promise<FastifyReply> {
    const { base, csrf } = actions(details.uid);
    return page(
      reply,
      status,
      signInPage({ action: `${base}/login`, abortAction: `${base}/abort`, csrf, clientName: await clientName(provider, details), ...(error ? { error } : {}) }),
    );
  }

  await app.register(async (scope) => {
    // Forms post url-encoded fields; only these routes accept them.
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get(`${INTERACTION_PATH}/:uid`, { config: { public: true } }, async (request, reply) => {
      const found = await pending(request, reply);
      if (!found) return reply;
      const { provider, details } = found;
      if (details.prompt.name === "login") return showSignIn(reply, provider, details);
      const { base, csrf } = actions(details.uid);
      const asked = details.prompt.details as ConsentAsked;
      const reach = reachOf(details.session?.amr);
      const scopes = [...new Set([...(asked.missingOIDCScope ?? []), ...Object.values(asked.missingResourceScopes ?? {}).flat()])];
      return page(
        reply,
        200,
        consentPage({
          action: `${base}/confirm`,
          abortAction: `${base}/abort`,
          csrf,
          clientName: await clientName(provider, details),
          redirectUri: String(details.params.redirect_uri ?? ""),
          userId: String(details.session?.accountId ?? ""),
          scopes: scopes.filter((scope) => reach.has(scope) || !isScope(scope)),
          beyondReach: scopes.filter((scope) => isScope(scope) && !reach.has(scope)),
        }),
      );
    });

    scope.post(
      `${INTERACTION_PATH}/:uid/login`,
      { config: { public: true, rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: 60_000 } } },
      async (request, reply) => {
        const form = (request.body ?? {}) as Form;
        const found = await pending(request, reply, form);
        if (!found) return reply;
        const { provider, details } = found;
        if (details.prompt.name !== "login") return reply.redirect(`${INTERACTION_PATH}/${details.uid}`, 303);
        const typed = (form.credential ?? "").trim();
        const signedIn = await whoseCredential(typed, deps);
        if (signedIn === null) {
          const tries = (attempts.get(details.uid) ?? 0) + 1;
          attempts.set(details.uid, tries);
          if (tries >= MAX_SIGN_IN_ATTEMPTS) {
            const to = await provider.interactionResult(
              request.raw,
              reply.raw,
              { error: "access_denied", error_description: "too many wrong sign-in codes" },
              { mergeWithLastSubmission: false },
            );
            return reply.redirect(to, 303);
          }
          const why =
            typed === ""
              ? "Enter a sign-in code or an API key."
              : looksLikeSignInCode(typed) || looksLikeApiKey(typed)
                ? "That code or key is not valid: it may be mistyped, used already, expired or revoked."
                : "That is neither a sign-in code (like 7KQ2-M9XD) nor an API key (ick_…).";
          return showSignIn(reply, provider, details, `${why} ${MAX_SIGN_IN_ATTEMPTS - tries} tries left.`, 400);
        }
        attempts.delete(details.uid);
        const amr = [looksLikeApiKey(typed) ? "key" : "otp", ...signedIn.scopes.map((scope) => REACH + scope)];
        const to = await provider.interactionResult(
          request.raw,
          reply.raw,
          { login: { accountId: signedIn.userId, amr, remember: false } },
          { mergeWithLastSubmission: false },
        );
        return reply.redirect(to, 303);
      },
    );

    scope.post(`${INTERACTION_PATH}/:uid/confirm`, { config: { public: true } }, async (request, reply) => {
      const found = await pending(request, reply, (request.body ?? {}) as Form);
      if (!found) return reply;
      const { provider, details } = found;
      if (details.prompt.name !== "consent") return reply.redirect(`${INTERACTION_PATH}/${details.uid}`, 303);
      const accountId = details.session?.accountId;
      const clientId = String(details.params.client_id ?? "");
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
      if (!grant) return page(reply, 400, errorPage("This authorization's grant has expired", "Start connecting again from your app."));
      const asked = details.prompt.details as ConsentAsked;
      const reach = reachOf(details.session?.amr);
      if (asked.missingOIDCScope) grant.addOIDCScope(asked.missingOIDCScope.join(" "));
      for (const [indicator, scopes] of Object.entries(asked.missingResourceScopes ?? {})) {
        // Scopes beyond the sign-in's reach are recorded as refused, so the app gets the rest and is not asked again.
        const granted = scopes.filter((scope) => reach.has(scope));
        const refused = scopes.filter((scope) => !reach.has(scope));
        if (granted.length) grant.addResourceScope(indicator, granted.join(" "));
        if (refused.length) grant.rejectResourceScope(indicator, refused.join(" "));
      }
      const grantId = await grant.save();
      const consent = details.grantId ? {} : { grantId };
      const to = await provider.interactionResult(request.raw, reply.raw, { consent }, { mergeWithLastSubmission: true });
      return reply.redirect(to, 303);
    });

    scope.post(`${INTERACTION_PATH}/:uid/abort`, { config: { public: true } }, async (request, reply) => {
      const found = await pending(request, reply, (request.body ?? {}) as Form);
      if (!found) return reply;
      const to = await found.provider.interactionResult(
        request.raw,
        reply.raw,
        { error: "access_denied", error_description: "the person refused" },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(to, 303);
    });
  });
}

/** The user a typed sign-in code or API key belongs to, with the scopes it reaches, or null. A code is spent by this check. */
async function whoseCredential(typed: string, deps: InteractionDependencies): Promise<SignedIn | null> {
  if (looksLikeApiKey(typed)) {
    const checked = await deps.credentials.check(typed);
    return checked.ok ? { userId: checked.key.userId, scopes: checked.key.scopes } : null;
  }
  return looksLikeSignInCode(typed) ? deps.signInCodes.redeem(typed) : null;
}

/**
 * The session's authentication methods (amr) record how the person proved ownership, and with it
 * the scopes that proof reaches: a key with project:read cannot consent an app to more.
 */
const REACH = "scope:";
const reachOf = (amr: readonly string[] | undefined): Set<string> => new Set((amr ?? []).filter((m) => m.startsWith(REACH)).map((m) => m.slice(REACH.length)));

interface ConsentAsked {
  missingOIDCScope?: string[];
  missingResourceScopes?: Record<string, string[]>;
}
