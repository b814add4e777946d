import type { FastifyInstance, RouteOptions } from "fastify";
import { checkOperation, toOpenApiPath, type OperationDescription } from "./describe-route.js";

export interface RouteCoverage {
  /** "GET /api/v1/questions" for every route in the document. */
  documented: string[];
  /** Routes left out on purpose (probes, metrics, /mcp), with why. */
  excluded: string[];
  /** Routes registered with neither describeRoute, document() nor exclude(): missing from the document. */
  undocumented: string[];
  /** Entries given to document() whose route was never registered. */
  stale: string[];
}

declare module "fastify" {
  interface FastifyInstance {
    /** The OpenAPI registry: `app.openapi.tag(...)`, `.document(...)` for routes registered elsewhere, `.exclude(...)`. */
    openapi: OpenApiRegistry;
  }
}

const keyOf = (method: string, path: string) => `${method} ${path}`;

/**
 * Every route the app registers, seen through fastify's onRoute hook, with the operation each one
 * documents. Routes from describeRoute carry their operation; others are documented or excluded here.
 */
export class OpenApiRegistry {
  private readonly routes: { key: string; operation: OperationDescription | null }[] = [];
  private readonly elsewhere = new Map<string, OperationDescription>();
  private readonly excludedPaths = new Map<string, string>();
  readonly tags = new Map<string, string>();

  /** A tag's description in the document; operations name tags, this explains them. */
  tag(name: string, description: string): this {
    this.tags.set(name, description);
    return this;
  }

  /** Documents a route registered without describeRoute (its handler parses its own input). */
  document(operation: OperationDescription): this {
    checkOperation(operation);
    this.elsewhere.set(keyOf(operation.method, operation.path), operation);
    return this;
  }

  /** Keeps every method of a path out of the document, saying why (a probe, a WebSocket upgrade). */
  exclude(path: string, reason: string): this {
    this.excludedPaths.set(path, reason);
    return this;
  }

  collect(route: RouteOptions): void {
    const path = toOpenApiPath(route.url);
    for (const method of ([] as string[]).concat(route.method)) {
      // fastify adds a HEAD beside every GET; the GET documents both.
      if (method === "HEAD") continue;
      this.routes.push({ key: keyOf(method, path), operation: route.config?.openapi ?? null });
    }
  }

  /** The documented operations, in registration order. */
  operations(): OperationDescription[] {
    return this.routes.flatMap(({ key, operation }) => {
      const documented = operation ?? this.elsewhere.get(key);
      return documented ? [documented] : [];
    });
  }

  coverage(): RouteCoverage {
    const coverage: RouteCoverage = { documented: [], excluded: [], undocumented: [], stale: [] };
    for (const { key, operation } of this.routes) {
      const path = key.slice(key.indexOf(" ") + 1);
      if (operation || this.elsewhere.has(key)) coverage.documented.push(key);
      else if (this.excludedPaths.has(path)) coverage.excluded.push(`${key} (${this.excludedPaths.get(path)})`);
      else coverage.undocumented.push(key);
    }
    const registered = new Set(this.routes.map((r) => r.key));
    coverage.stale = [...this.elsewhere.keys()].filter((key) => !registered.has(key));
    return coverage;
  }
}

/** Decorates app.openapi and starts collecting: call it before any route is registered. */
export function installOpenApiRegistry(app: FastifyInstance): OpenApiRegistry {
  const registry = new OpenApiRegistry();
  app.decorate("openapi", registry);
  app.addHook("onRoute", (route) => registry.collect(route));
  return registry;
}
