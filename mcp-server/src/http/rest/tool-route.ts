import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { CoachError, CoachInputError } from "../../errors.js";
import type { ToolDefinition } from "../../tools/tool.js";
import { principalOf } from "../auth/principal.js";
import { describeRoute, type OperationDescription } from "../openapi/index.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";

type ObjectSchema = z.ZodObject<z.ZodRawShape>;
export type AnyTool = ToolDefinition<ObjectSchema, ObjectSchema>;

/** How one tool is reached over REST; its input and output schemas come from the tool. */
export type ToolRoute = Pick<
  OperationDescription,
  "path" | "operationId" | "summary" | "description" | "tags" | "parameterDescriptions" | "responseDescription"
> & {
  method: "GET" | "POST";
  /** 201 for a POST that stores something. */
  status?: 200 | 201;
  /** The tool's userId input is the caller's own, never the caller's choice. */
  userIdFromCredential?: boolean;
};

const mask = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, true as const]));
const pathParameters = (template: string) => [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);

/**
 * A tool's failures as HTTP problems: a rule broken by a path parameter means no such resource
 * (404), by another input field a well-formed but unacceptable request (422); a field outside the
 * input, or a twin file that cannot be read, is the person's data blocking the call (409).
 */
export function toolProblem(error: unknown, pathFields: readonly string[], inputFields: readonly string[]): unknown {
  if (error instanceof CoachInputError) {
    const errors = [{ field: error.field, rule: error.rule }];
    if (pathFields.includes(error.field)) return new ProblemError(404, `${error.message}.`, { errors });
    if (inputFields.includes(error.field)) {
      return new ProblemError(422, `${error.message}; nothing was changed.`, { type: PROBLEM_TYPES.validation, title: "Invalid request", errors });
    }
    return new ProblemError(409, `${error.message}.`, { errors });
  }
  if (!(error instanceof CoachError)) return error;
  if (error.kind === "busy") return new ProblemError(503, error.message, { type: PROBLEM_TYPES.unavailable, headers: { "retry-after": "5" } });
  return new ProblemError(409, error.message);
}

/**
 * One tool behind one REST route: path parameters, then the query (GET) or the JSON body (POST),
 * each validated by the tool's own input schema's fields; the tool runs with the caller's own
 * CoachContext, and its result is checked against the tool's output schema.
 */
export function toolRoute(app: FastifyInstance, tool: AnyTool, route: ToolRoute): void {
  const inputFields = Object.keys(tool.input.shape);
  const pathFields = pathParameters(route.path);
  const unknown = pathFields.filter((field) => !inputFields.includes(field));
  if (unknown.length) throw new Error(`${route.path}: ${tool.name} has no input ${unknown.join(", ")}`);
  const hidden = route.userIdFromCredential ? ["userId"] : [];
  const sent = tool.input.omit(mask([...pathFields, ...hidden]));
  // Made once per route: a closure made per request is renamed as it is made in the bundle (keepNames).
  const failed = (error: unknown): never => {
    throw toolProblem(error, pathFields, inputFields);
  };
  describeRoute(app, {
    ...route,
    scope: "memory:access",
    params: pathFields.length ? tool.input.pick(mask(pathFields)) : undefined,
    query: route.method === "GET" ? sent : undefined,
    body: route.method === "POST" ? sent : undefined,
    response: tool.output,
    problems: [409, 422, 503],
    handler: ({ params, query, body, request }) => {
      const { userId } = principalOf(request);
      const input = { ...(body as object | undefined), ...query, ...params, ...(hidden.length ? { userId } : {}) };
      try {
        // A tool that knows its answer at once gives it without a promise, and the route sends it without one.
        const answer = tool.run(input, app.coach.users.forUser(userId));
        return answer instanceof Promise ? answer.catch(failed) : answer;
      } catch (error) {
        return failed(error);
      }
    },
  });
}
