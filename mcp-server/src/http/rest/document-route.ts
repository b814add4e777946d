import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { connectorFetch } from "../../tools/fetch.js";
import { principalOf } from "../auth/principal.js";
import { describeRoute } from "../openapi/index.js";
import { ProblemError } from "../problem.js";
import { toolProblem, type ToolRoute } from "./tool-route.js";

type FetchTool = ReturnType<typeof connectorFetch>;

/**
 * GET .../{id}: the document the connector's fetch tool returns for `<kind>:<id>`, so every url a
 * search result carries resolves. The composed id is checked by fetch's own input schema.
 */
export function documentRoute(app: FastifyInstance, fetchTool: FetchTool, kind: "story" | "question", route: Omit<ToolRoute, "method" | "status">): void {
  describeRoute(app, {
    ...route,
    method: "GET",
    scope: "memory:access",
    params: z.strictObject({ id: z.string() }),
    query: z.strictObject({}),
    response: fetchTool.output,
    problems: [409, 503],
    handler: async ({ params, request }) => {
      const input = fetchTool.input.safeParse({ id: `${kind}:${params.id}` });
      // An id fetch could never find names no resource: the same answer as one it does not find.
      if (!input.success) throw new ProblemError(404, `No ${kind} "${params.id}".`, { errors: [{ field: "id", rule: input.error.issues[0]!.message }] });
      try {
        return await fetchTool.run(input.data, app.coach.users.forUser(principalOf(request).userId));
      } catch (error) {
        throw toolProblem(error, ["id"], ["id"]);
      }
    },
  });
}
