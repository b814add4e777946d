import { z } from "zod";
import type { Problem } from "../problem.js";
import type { OperationDescription } from "./describe-route.js";

/** The body of every error response (RFC 9457), as problem.ts sends it. */
export const problemSchema: z.ZodType<Problem> = z
  .object({
    type: z.string().describe("A URI naming the kind of problem (urn:interview-coach:problem:...), or about:blank"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong and what to do about it"),
    requestId: z.string().optional().describe("The request's x-request-id, as in the server's logs"),
    errors: z
      .array(z.object({ field: z.string().describe("The field that broke a rule, dotted for nested fields"), rule: z.string() }))
      .optional()
      .describe("Each broken rule, when the request itself was at fault"),
  })
  .meta({ title: "Problem" });

/** One shared response per problem status, referenced from each operation that can answer it. */
export const PROBLEM_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "The request broke the rules listed in errors (field and rule); nothing was changed." },
  401: { name: "Unauthorized", description: "No credential, or one that is unknown, revoked, expired or tampered with." },
  403: { name: "Forbidden", description: "The credential lacks the scope this operation needs." },
  404: { name: "NotFound", description: "No such resource for this user; errors names the path parameter." },
  409: { name: "Conflict", description: "The person's data is in a state that prevents this, e.g. their twin file cannot be read." },
  413: { name: "PayloadTooLarge", description: "The request body is larger than the server accepts; nothing was changed." },
  415: { name: "UnsupportedMediaType", description: "The body is not sent as application/json (errors names Content-Type); nothing was changed." },
  422: {
    name: "UnprocessableContent",
    description: "Well-formed, but a value names something unknown or breaks a rule about the data (errors says which); nothing was changed.",
  },
  429: { name: "TooManyRequests", description: "The credential used up its requests for this window; retry after Retry-After seconds." },
  503: { name: "ServiceUnavailable", description: "The store is busy or the server is shutting down; retry shortly." },
};

/** The problem statuses an operation can answer, from its shape and what it declares. */
export function problemStatuses(operation: OperationDescription): number[] {
  const statuses = new Set<number>([400, ...(operation.problems ?? [])]);
  if (!operation.public) for (const status of [401, 429]) statuses.add(status);
  if (operation.scope !== null) statuses.add(403);
  if (operation.params && Object.keys(operation.params.shape).length) statuses.add(404);
  if (operation.body) for (const status of [413, 415]) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/** The shared response's name: a public operation's has no rate-limit headers, so it is a component of its own. */
export const problemComponentName = (status: number, authenticated: boolean) => `${authenticated ? "" : "Public"}${PROBLEM_RESPONSES[status]!.name}`;
