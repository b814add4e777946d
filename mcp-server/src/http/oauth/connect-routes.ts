import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { connectedAppParams, connectedAppsOutput, signInCodeOutput, type ConnectedAppSummary } from "../../contracts/connected-apps.js";
import type { Principal } from "../auth/principal.js";
import { describeRoute } from "../openapi/index.js";
import { ProblemError } from "../problem.js";
import { disconnectApp, listConnectedApps } from "./connected-apps.js";
import type { OAuthService } from "./oauth-service.js";
import { listServiceClients } from "./service-clients.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A connected app manages no connections: these routes take the person's own API key (or a token issued for it). */
function ownerOnly(principal: Principal | null): Principal {
  if (!principal || principal.kind === "oauth") throw new ProblemError(403, "Connections are managed with your own API key, not with a connected app's token.");
  return principal;
}

/**
 * What the VS Code extension's "Connect ChatGPT or Claude…" and "Connected Apps" use: a sign-in code
 * with the MCP URL to paste, the apps a person connected, and disconnecting one.
 */
export function connectRoutes(app: FastifyInstance, oauth: OAuthService): void {
  app.openapi.tag("Connected apps", "Connect ChatGPT, Claude and other MCP clients to this server with OAuth, and disconnect them.");

  describeRoute(app, {
    method: "POST",
    path: "/v1/auth/sign-in-codes",
    operationId: "createSignInCode",
    summary: "Get a one-time sign-in code for connecting an app",
    description:
      "A code to type on the sign-in page an app (ChatGPT, Claude, mcp-remote) opens when it connects to the MCP URL returned with it. It works once, for 10 minutes, and lets the person allow the app at most the scopes of the key that asked for it.",
    tags: ["Connected apps"],
    scope: null,
    apiKeyOnly: true,
    status: 201,
    response: signInCodeOutput,
    responseDescription: "The code and the MCP URL to paste.",
    problems: [403, 503],
    handler: async ({ principal, reply }) => {
      const owner = ownerOnly(principal);
      const mcpUrl = oauth.mcpUrl();
      if (!mcpUrl) throw new ProblemError(503, "The authorization server is starting; retry in a moment.");
      const { code, expiresAt } = await oauth.signInCodes.mint(owner.userId, owner.scopes);
      reply.header("cache-control", "no-store");
      return { code, expiresAt: new Date(expiresAt).toISOString(), scopes: [...owner.scopes], mcpUrl } satisfies z.input<typeof signInCodeOutput>;
    },
  });

  describeRoute(app, {
    method: "GET",
    path: "/v1/auth/apps",
    operationId: "listConnectedApps",
    summary: "List the apps connected to your coach",
    description: "The apps you allowed through the sign-in and consent pages, and the service clients acting for you, with what each may do.",
    tags: ["Connected apps"],
    scope: null,
    apiKeyOnly: true,
    response: connectedAppsOutput,
    responseDescription: "Your connected apps, oldest first.",
    problems: [403],
    handler: async ({ principal }) => {
      const owner = ownerOnly(principal);
      const [apps, services] = await Promise.all([listConnectedApps(oauth.records, owner.userId), listServiceClients(oauth.records, owner.userId)]);
      const listed: ConnectedAppSummary[] = [
        ...apps.map((a) => ({
          id: a.grantId,
          kind: "app" as const,
          name: a.appName,
          scopes: a.scopes,
          connectedAt: iso(a.connectedAt),
          expiresAt: iso(a.expiresAt),
        })),
        ...services.map((s) => ({ id: s.clientId, kind: "service" as const, name: s.name, scopes: s.scopes, connectedAt: null, expiresAt: null })),
      ];
      return { apps: listed };
    },
  });

  describeRoute(app, {
    method: "DELETE",
    path: "/v1/auth/apps/{id}",
    operationId: "disconnectApp",
    summary: "Disconnect an app",
    description: "Ends the app's access at once: its grant, and every access and refresh token it holds. To connect it again, the person signs in again.",
    tags: ["Connected apps"],
    scope: null,
    apiKeyOnly: true,
    params: connectedAppParams,
    problems: [403, 404],
    handler: async ({ principal, params }) => {
      const owner = ownerOnly(principal);
      if (await disconnectApp(oauth.records, params.id, owner.userId)) return undefined;
      const service = (await listServiceClients(oauth.records, owner.userId)).find((client) => client.clientId === params.id);
      if (!service) throw new ProblemError(404, `You have no connected app ${params.id} (GET /v1/auth/apps lists them).`);
      await oauth.records.destroy("Client", service.clientId);
      return undefined;
    },
  });
}
