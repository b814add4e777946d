import { z } from "zod";
import { DESCRIPTION_LIMIT, type ObjectSchema, type OperationDescription } from "./describe-route.js";
import { PROBLEM_RESPONSES, problemComponents, problemSchema, problemStatuses } from "./problems.js";

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

/** An OpenAPI 3.1 document; servers are added per request, once the public URL is known. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>> };
type JsonSchema = Record<string, unknown>;
export type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; description?: string; schema: JsonSchema };
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
  security: Record<string, string[]>[];
}

export const SECURITY_SCHEME = "bearerAuth";

/** OpenAPI 3.1 schemas are JSON Schema 2020-12, zod's own target; the dialect is the document's, so $schema goes. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io });
  return rest;
}

const pascal = (operationId: string) => `${operationId[0]!.toUpperCase()}${operationId.slice(1)}`;

function parameters(operation: OperationDescription): Parameter[] {
  const sources: [Parameter["in"], ObjectSchema | undefined][] = [
    ["path", operation.params],
    ["query", operation.query],
    ["header", operation.headers],
  ];
  return sources.flatMap(([where, schema]) => {
    if (!schema) return [];
    const json = jsonSchema(schema, "input");
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
      const { description: own, ...rest } = property;
      const description = (own as string | undefined) ?? operation.parameterDescriptions?.[name];
      if (description && description.length > DESCRIPTION_LIMIT) throw new Error(`${operation.operationId}: parameter ${name}'s description is over ${DESCRIPTION_LIMIT} characters`);
      return { name, in: where, required: where === "path" || required.has(name), ...(description ? { description } : {}), schema: rest };
    });
  });
}

function responses(operation: OperationDescription, schemaRef: string | null): Record<string, unknown> {
  const status = String(operation.status ?? (operation.response ? 200 : 204));
  const description = operation.responseDescription ?? (status === "201" ? "Recorded." : "OK.");
  const success = (text: string) => (schemaRef ? { description: text, content: { "application/json": { schema: { $ref: schemaRef } } } } : { description: text });
  const others = Object.entries(operation.otherStatuses ?? {}).map(([code, text]) => [code, code === "204" ? { description: text } : success(text!)]);
  const problems = problemStatuses(operation).map((code) => {
    const known = PROBLEM_RESPONSES[code];
    if (!known) throw new Error(`${operation.operationId}: no shared response for status ${code}`);
    return [String(code), { $ref: `#/components/responses/${known.name}` }];
  });
  return { [status]: success(description), ...Object.fromEntries(others), ...Object.fromEntries(problems) };
}

/**
 * The document from the described operations and their zod schemas: request bodies and parameters
 * as the schemas accept them (io: input, defaults optional), responses as they are sent (io: output).
 */
export function buildDocument(operations: readonly OperationDescription[], tagDescriptions: ReadonlyMap<string, string>, info: DocumentInfo): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchema(problemSchema, "output") };
  const paths: OpenApiDocument["paths"] = {};
  const seen = new Set<string>();
  for (const operation of operations) {
    if (seen.has(operation.operationId)) throw new Error(`operationId ${operation.operationId} is used twice`);
    seen.add(operation.operationId);
    const name = pascal(operation.operationId);
    const body = operation.body ? jsonSchema(operation.body, "input") : null;
    if (body) schemas[`${name}Request`] = body;
    if (operation.response) schemas[`${name}Response`] = jsonSchema(operation.response, "output");
    const params = parameters(operation);
    const entry: OpenApiOperation = {
      operationId: operation.operationId,
      summary: operation.summary,
      description: operation.description,
      tags: operation.tags,
      ...(params.length ? { parameters: params } : {}),
      // A body whose every field is optional may be left out altogether.
      ...(body ? { requestBody: { required: Boolean((body.required as string[] | undefined)?.length), content: { "application/json": { schema: { $ref: `#/components/schemas/${name}Request` } } } } } : {}),
      responses: responses(operation, operation.response ? `#/components/schemas/${name}Response` : null),
      // OpenAPI 3.1 lets a non-OAuth scheme list the roles an operation needs: here, the credential's scope.
      security: operation.public ? [] : [{ [SECURITY_SCHEME]: operation.scope === null ? [] : [operation.scope] }],
    };
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = entry;
  }
  const used = [...new Set(operations.flatMap((o) => o.tags))];
  return {
    openapi: "3.1.0",
    info: { ...info, license: { name: "MIT", identifier: "MIT" } },
    tags: used.map((tag) => ({ name: tag, ...(tagDescriptions.has(tag) ? { description: tagDescriptions.get(tag) } : {}) })),
    paths,
    components: {
      schemas,
      responses: problemComponents("#/components/schemas/Problem", operations.flatMap(problemStatuses).sort((a, b) => a - b)),
      securitySchemes: {
        [SECURITY_SCHEME]: { type: "http", scheme: "bearer", description: "An API key (ick_..., from the keys CLI) or an access token from POST /v1/auth/token" },
      },
    },
    security: [{ [SECURITY_SCHEME]: [] }],
  };
}
