import { z } from "zod";
import { DESCRIPTION_LIMIT, type ObjectSchema, type OperationDescription } from "./describe-route.js";
import { standardHeaders, type ResponseHeader, type ResponseHeaders } from "./headers.js";
import { PROBLEM_RESPONSES, problemComponentName, problemSchema, problemStatuses } from "./problems.js";
import { DEFAULT_SECURITY, SECURITY_SCHEMES, securityOf } from "./security.js";

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
      if (description && description.length > DESCRIPTION_LIMIT)
        throw new Error(`${operation.operationId}: parameter ${name}'s description is over ${DESCRIPTION_LIMIT} characters`);
      return { name, in: where, required: where === "path" || required.has(name), ...(description ? { description } : {}), schema: rest };
    });
  });
}

const PROBLEM_REF = "#/components/schemas/Problem";

/** The headers and shared problem responses operations use: only those go into components, as unused ones are lint warnings. */
class SharedComponents {
  readonly headers = new Map<string, ResponseHeader>();
  readonly problems = new Map<string, unknown>();

  headerRefs(operationId: string, headers: ResponseHeaders): Record<string, { $ref: string }> {
    return Object.fromEntries(
      Object.entries(headers).map(([name, header]) => {
        const known = this.headers.get(name);
        if (known && JSON.stringify(known) !== JSON.stringify(header))
          throw new Error(`${operationId}: the response header ${name} is declared elsewhere differently`);
        this.headers.set(name, header);
        return [name, { $ref: `#/components/headers/${name}` }];
      }),
    );
  }
}

function responses(operation: OperationDescription, schemaRef: string | null, shared: SharedComponents): Record<string, unknown> {
  const authenticated = !operation.public;
  const own = operation.responseHeaders ?? {};
  const headers = (code: number) => shared.headerRefs(operation.operationId, { ...standardHeaders(code, authenticated), ...own[code] });
  const status = operation.status ?? (operation.response ? 200 : 204);
  const success = (code: number, text: string) => ({
    description: text,
    headers: headers(code),
    ...(schemaRef && code !== 204 ? { content: { "application/json": { schema: { $ref: schemaRef } } } } : {}),
  });
  const others = Object.entries(operation.otherStatuses ?? {}).map(([code, text]) => [code, success(Number(code), text!)]);
  const problems = problemStatuses(operation).map((code) => {
    const known = PROBLEM_RESPONSES[code];
    if (!known) throw new Error(`${operation.operationId}: no shared response for status ${code}`);
    const response = { description: known.description, headers: headers(code), content: { "application/problem+json": { schema: { $ref: PROBLEM_REF } } } };
    // A reference cannot add headers: a problem with headers of the operation's own is written out in place.
    if (own[code]) return [String(code), response];
    const name = problemComponentName(code, authenticated);
    shared.problems.set(name, response);
    return [String(code), { $ref: `#/components/responses/${name}` }];
  });
  const all = {
    [status]: success(status, operation.responseDescription ?? (status === 201 ? "Recorded." : "OK.")),
    ...Object.fromEntries(others),
    ...Object.fromEntries(problems),
  };
  const stray = Object.keys(own).filter((code) => !(code in all));
  if (stray.length) throw new Error(`${operation.operationId}: response headers for status ${stray.join(", ")}, which it does not answer`);
  return all;
}

/**
 * The document from the described operations and their zod schemas: request bodies and parameters
 * as the schemas accept them (io: input, defaults optional), responses as they are sent (io: output).
 */
export function buildDocument(operations: readonly OperationDescription[], tagDescriptions: ReadonlyMap<string, string>, info: DocumentInfo): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchema(problemSchema, "output") };
  const paths: OpenApiDocument["paths"] = {};
  const shared = new SharedComponents();
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
      ...(body
        ? {
            requestBody: {
              required: Boolean((body.required as string[] | undefined)?.length),
              content: { "application/json": { schema: { $ref: `#/components/schemas/${name}Request` } } },
            },
          }
        : {}),
      responses: responses(operation, operation.response ? `#/components/schemas/${name}Response` : null, shared),
      security: securityOf(operation),
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
      responses: Object.fromEntries(shared.problems),
      headers: Object.fromEntries(shared.headers),
      securitySchemes: SECURITY_SCHEMES,
    },
    security: DEFAULT_SECURITY,
  };
}
