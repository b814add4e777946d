import { z } from "zod";

/** POST /v1/auth/sign-in-codes: what a person needs to connect ChatGPT or Claude to this server. */
export const signInCodeOutput = z.object({
  code: z.string().describe("A one-time sign-in code (XXXX-XXXX) to type on the server's sign-in page; it works once"),
  expiresAt: z.iso.datetime().describe("When the code stops working"),
  scopes: z.array(z.string()).describe("The most an app signed in with this code may be allowed: the scopes of the key that asked for it"),
  mcpUrl: z.url().describe("The MCP server URL to paste into ChatGPT or Claude as a connector"),
});

export const connectedAppSchema = z.object({
  id: z.string().describe("The grant id of an app a person connected, or the client id of a service client"),
  kind: z.enum(["app", "service"]).describe("app: connected through the sign-in and consent pages; service: a client_credentials client the operator created"),
  name: z.string().describe("The name the app registered with"),
  scopes: z.array(z.string()).describe("What it may do"),
  connectedAt: z.iso.datetime().nullable().describe("When the person allowed it; null for a service client"),
  expiresAt: z.iso.datetime().nullable().describe("When its grant ends unless it keeps refreshing; null: no end"),
});
export type ConnectedAppSummary = z.infer<typeof connectedAppSchema>;

/** GET /v1/auth/apps. */
export const connectedAppsOutput = z.object({ apps: z.array(connectedAppSchema) });

export const connectedAppParams = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "must be an id GET /v1/auth/apps lists" })
    .describe("The app's id from GET /v1/auth/apps"),
});
