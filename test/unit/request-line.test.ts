import assert from "node:assert/strict";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { pino, type DestinationStream } from "pino";
import { loggerOptions } from "../../mcp-server/src/http/logging.js";
import { Histogram, Registry } from "prom-client";
import { CompletedRequests } from "../../mcp-server/src/http/completed-requests.js";
import { requestLine, type RequestLineFields } from "../../mcp-server/src/http/request-line.js";
import { requestLogger } from "../../mcp-server/src/http/request-logger.js";

const TIME = `,"time":"2026-12-04T22:10:45.799Z"`;

/** A pino logger with the server's own options, writing to `lines` instead of stderr, its time fixed. */
function serverPino(lines: string[]): FastifyBaseLogger {
  const stream: DestinationStream = { write: (line: string) => void lines.push(line) };
  return pino({ ...loggerOptions("info"), timestamp: () => TIME }, stream);
}

/** What pino itself writes for the request line the server writes directly. */
function pinoLine(fields: RequestLineFields): string {
  const lines: string[] = [];
  const { requestId, ...rest } = fields;
  serverPino(lines).child({ requestId }).info(rest, "request");
  return lines[0]!;
}

describe("request log lines", () => {
  const cases: [string, RequestLineFields][] = [
    [
      "a caller's read",
      {
        requestId: "47747bff-f1ca-4268-800e-3eb959d670c7",
        method: "GET",
        url: "/api/v1/questions",
        route: "/api/v1/questions",
        status: 200,
        ms: 0.05,
        userId: "u1",
        credentialId: "c82334d64ca36469",
      },
    ],
    ["an unknown path, no caller", { requestId: "trace-4711.a:b", method: "GET", url: "/nothing/here", route: null, status: 404, ms: 12 }],
    [
      "a URL with quotes, backslashes, control and non-ASCII characters",
      { requestId: "r1", method: "POST", url: '/v1/x?q="a\\b"\u0001é\u2028😀', route: "/v1/x", status: 422, ms: 1.25 },
    ],
    ["a URL longer than the quoted values kept", { requestId: "r2", method: "GET", url: `/v1/x?q=${"a".repeat(600)}"é`, route: "/v1/x", status: 400, ms: 0.5 }],
    [
      "a request id and a caller that need escapes",
      { requestId: 'id"\\1', method: "GET", url: "/livez", route: "/livez", status: 200, ms: 3, userId: 'zoë "z"', credentialId: "c\n1" },
    ],
  ];
  for (const [name, fields] of cases) {
    it(`are the line pino writes, byte for byte: ${name}`, () => {
      const line = requestLine(fields, TIME);
      assert.equal(line, pinoLine(fields));
      assert.ok(line.endsWith("}\n"));
      assert.equal((JSON.parse(line) as { url: string }).url, fields.url);
    });
  }

  it("a request's logger makes the server logger's child on first use, and every line it writes carries the request id", () => {
    const lines: string[] = [];
    const parent = serverPino(lines);
    let children = 0;
    const counting = new Proxy(parent, {
      get: (target, key) =>
        key === "child" ? (...args: Parameters<FastifyBaseLogger["child"]>) => (children++, target.child(...args)) : Reflect.get(target, key),
    });
    // Fastify calls the factory with the server as `this`, passing its own null logger, which must not be used.
    const server = { log: counting } as unknown as FastifyInstance;
    const fastifys = new Proxy({} as FastifyBaseLogger, {
      get: (_target, key) => assert.fail(`fastify's own logger was used (${String(key)})`),
    });
    const log = requestLogger.call(server, fastifys, { requestId: "with-user-1" }, {});
    assert.equal(log.level, "info", "the server's level, read without making a child");
    assert.equal(children, 0);
    log.debug({ detail: 1 }, "below the level");
    log.warn({ idempotencyKey: "k1" }, "the idempotency claim lapsed");
    log.error({ err: new Error("boom") }, "request failed");
    assert.equal(children, 1, "one child for the request, however many lines");
    const [warned, failed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(warned, {
      level: "warn",
      time: "2026-12-04T22:10:45.799Z",
      requestId: "with-user-1",
      idempotencyKey: "k1",
      msg: "the idempotency claim lapsed",
    });
    const err = failed!.err as { type: string; message: string; stack: string };
    assert.equal(failed!.requestId, "with-user-1");
    assert.equal(err.type, "Error");
    assert.equal(err.message, "boom");
    assert.match(err.stack, /^Error: boom\n\s+at /);
    assert.equal(lines.length, 2);

    const nested = log.child({ userId: "frank" });
    nested.info("nested");
    assert.deepEqual(JSON.parse(lines[2]!), { level: "info", time: "2026-12-04T22:10:45.799Z", requestId: "with-user-1", userId: "frank", msg: "nested" });
  });

  describe("completed requests", () => {
    const durations = () =>
      new Histogram({ name: "d", help: "d", labelNames: ["method", "route", "status"] as const, buckets: [0.001, 0.01], registers: [new Registry()] });
    const count = async (histogram: Histogram<"method" | "route" | "status">, route: string) =>
      (await histogram.get()).values.find((v) => v.metricName === "d_count" && v.labels.route === route)?.value ?? 0;
    /** Completed requests writing into `written`, each line's time field the instant it completed. */
    const recording = (lines: boolean) => {
      const written: string[] = [];
      const histogram = durations();
      const stream = { write: (bytes: Buffer) => void written.push(bytes.toString()) };
      const completed = new CompletedRequests({ lines, stream, time: (ms) => `,"time":"${ms}"`, durations: histogram });
      return { written, histogram, completed };
    };
    const read: RequestLineFields = {
      requestId: "a",
      method: "GET",
      url: "/api/v1/questions",
      route: "/api/v1/questions",
      status: 200,
      ms: 0.4,
      userId: "u1",
      credentialId: "c1",
    };
    const missing: RequestLineFields = { requestId: "b", method: "GET", url: "/nothing/é😀", route: null, status: 404, ms: 2 };

    it("are logged and counted together at the next drain, each line with the time its request completed", async () => {
      const { written, histogram, completed } = recording(true);
      completed.add(read, 1000);
      completed.add(missing, 1003);
      assert.deepEqual(written, [], "nothing before the drain");
      assert.equal(await count(histogram, "/api/v1/questions"), 0);
      completed.drain();
      assert.deepEqual(written, [requestLine(read, `,"time":"1000"`) + requestLine(missing, `,"time":"1003"`)], "one write for the batch");
      assert.equal(await count(histogram, "/api/v1/questions"), 1);
      assert.equal(await count(histogram, "unmatched"), 1, "an unknown path is counted under unmatched");
      completed.drain();
      assert.equal(written.length, 1, "a drain with nothing pending writes nothing");
      completed.close();
    });

    it("drain by themselves within milliseconds; below the info level they are counted and not logged", async () => {
      const { written, histogram, completed } = recording(false);
      completed.add(read);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await count(histogram, "/api/v1/questions"), 1);
      assert.deepEqual(written, []);
      completed.observe(read);
      assert.equal(await count(histogram, "/api/v1/questions"), 2, "a failed request is counted at once");
      completed.close();
    });
  });
});
