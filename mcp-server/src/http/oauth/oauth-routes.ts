import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, onRequestHookHandler } from "fastify";
import type { CredentialStore } from "../auth/api-keys.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import { lineWhenFinished } from "../request-log.js";
import { INTERACTION_PATH, OAUTH_ROUTES } from "./authorization-server.js";
import { connectRoutes } from "./connect-routes.js";
import { interactionRoutes } from "./interaction-routes.js";
import { PROTECTED_RESOURCE_PATH, type OAuthService } from "./oauth-service.js";
import { ProviderRequests } from "./provider-context.js";

/** One per process: oidc-provider's request context belongs to the process, not to one app. */
const providerRequests = new ProviderRequests();

const starting = () =>
  new ProblemError(503, "The authorization server is starting; retry in a moment.", { type: PROBLEM_TYPES.unavailable, title: "Starting" });

/**
 * Discovery (RFC 9728 resource metadata, RFC 8414 server metadata), the authorization server's own
 * endpoints at the root, and the sign-in and consent pages. All of them answer without a credential.
 */
export async function oauthRoutes(app: FastifyInstance, oauth: OAuthService, credentials: CredentialStore): Promise<void> {
  app.openapi
    .exclude(PROTECTED_RESOURCE_PATH, "RFC 9728 protected-resource metadata")
    .exclude(`${PROTECTED_RESOURCE_PATH}/mcp`, "RFC 9728 protected-resource metadata of /mcp")
    .exclude("/.well-known/oauth-authorization-server", "RFC 8414 authorization-server metadata")
    .exclude("/.well-known/openid-configuration", "the same metadata at the OpenID path")
    .exclude(OAUTH_ROUTES.authorization, "OAuth 2.1 authorization endpoint")
    .exclude(`${OAUTH_ROUTES.authorization}/{uid}`, "OAuth 2.1 authorization endpoint, resumed after sign-in")
    .exclude(OAUTH_ROUTES.token, "OAuth 2.1 token endpoint")
    .exclude(OAUTH_ROUTES.registration, "RFC 7591 dynamic client registration")
    .exclude(OAUTH_ROUTES.revocation, "RFC 7009 token revocation")
    .exclude(OAUTH_ROUTES.jwks, "the authorization server's public keys")
    .exclude(`${INTERACTION_PATH}/{uid}`, "sign-in and consent page")
    .exclude(`${INTERACTION_PATH}/{uid}/login`, "sign-in form")
    .exclude(`${INTERACTION_PATH}/{uid}/confirm`, "consent form")
    .exclude(`${INTERACTION_PATH}/{uid}/abort`, "refusal form");
  for (const [path, resource] of [
    [PROTECTED_RESOURCE_PATH, "origin"],
    [`${PROTECTED_RESOURCE_PATH}/mcp`, "mcp"],
  ] as const) {
    app.get(path, { config: { public: true } }, async (_request, reply) => {
      const metadata = oauth.resourceMetadata(resource);
      if (!metadata) throw starting();
      return reply.header("cache-control", "public, max-age=300").send(metadata);
    });
  }

  const callbacks = new WeakMap<object, ReturnType<NonNullable<ReturnType<OAuthService["provider"]>>["callback"]>>();
  /** Hands the raw request to oidc-provider before Fastify reads the body, which the provider parses itself. */
  const forward =
    (rewriteTo?: string): onRequestHookHandler =>
    (request: FastifyRequest, reply: FastifyReply, done) => {
      const provider = oauth.provider();
      if (!provider) return done(starting());
      let callback = callbacks.get(provider);
      if (!callback) callbacks.set(provider, (callback = provider.callback()));
      if (rewriteTo) {
        const url = request.raw.url ?? "";
        request.raw.url = rewriteTo + (url.includes("?") ? url.slice(url.indexOf("?")) : "");
      }
      reply.hijack();
      void providerRequests.handle(() => callback(request.raw, reply.raw));
    };
  const provided: [string, HTTPMethods[], string?][] = [
    ["/.well-known/oauth-authorization-server", ["GET"], "/.well-known/openid-configuration"],
    ["/.well-known/openid-configuration", ["GET"]],
    [OAUTH_ROUTES.authorization, ["GET", "POST"]],
    [`${OAUTH_ROUTES.authorization}/:uid`, ["GET"]],
    [OAUTH_ROUTES.token, ["POST"]],
    [OAUTH_ROUTES.registration, ["POST"]],
    [OAUTH_ROUTES.revocation, ["POST"]],
    [OAUTH_ROUTES.jwks, ["GET"]],
  ];
  for (const [url, method, rewriteTo] of provided) {
    app.route({ url, method, config: { public: true }, onRequest: forward(rewriteTo), onResponse: lineWhenFinished, handler: async () => undefined });
  }

  connectRoutes(app, oauth);
  await interactionRoutes(app, {
    provider: () => oauth.provider(),
    isSessionNotFound: (error) => oauth.isSessionNotFound(error),
    signInCodes: oauth.signInCodes,
    credentials,
    csrfKey: oauth.csrfKey,
  });
}
