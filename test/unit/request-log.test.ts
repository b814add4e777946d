import assert from "node:assert/strict";
import type { FastifyBaseLogger } from "fastify";
import { pino, type DestinationStream } from "pino";
import { loggerOptions } from "../../mcp-server/src/http/logging.js";
import { requestLine, requestLogger, type RequestLineFields } from "../../mcp-server/src/http/request-log.js";

const TIME = `,"time":"2026-12-04T22:10:45.799Z"`;

/** A pino logger with the server's own options, writing to `lines` instead of stderr, its time fixed. */
function serverPino(lines: string[]): FastifyBaseLogger {
  const stream: DestinationStream = { write: (line: string) => void lines.push(line) };
  const { stream: _stderr, ...options } = loggerOptions("info") as Record<string, unknown>;
  return pino({ ...options, timestamp: () => TIME }, stream) as unknown as FastifyBaseLogger;
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
  ];
  for (const [name, fields] of cases) {
    it(`are the line pino writes, byte for byte: ${name}`, () => {
      const line = requestLine(fields, TIME);
      assert.equal(line, pinoLine(fields));
      assert.ok(line.endsWith("}\n"));
      assert.equal((JSON.parse(line) as { url: string }).url, fields.url);
    });
  }

  it("a request's logger makes its pino child on first use, and every line it writes carries the request id", () => {
    const lines: string[] = [];
    const parent = serverPino(lines);
    let children = 0;
    const counting = new Proxy(parent, {
      get: (target, key) =>
        key === "child" ? (...args: Parameters<FastifyBaseLogger["child"]>) => (children++, target.child(...args)) : Reflect.get(target, key),
    });
    const log = requestLogger(counting, { requestId: "with-user-1" }, {});
    assert.equal(log.level, "info", "the parent's level, read without making a child");
    assert.equal(children, 0);
    log.debug({ detail: 1 }, "below the level");
    log.warn({ idempotencyKey: "k1" }, "the idempotency claim lapsed");
    log.error(new Error("boom"));
    assert.equal(children, 1, "one child for the request, however many lines");
    const [warned, failed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(warned, {
      level: "warn",
      time: "2026-12-04T22:10:45.799Z",
      requestId: "with-user-1",
      idempotencyKey: "k1",
      msg: "the idempotency claim lapsed",
    });
    assert.equal(failed!.requestId, "with-user-1");
    assert.equal((failed!.err as { message: string }).message, "boom");
    assert.equal(lines.length, 2);

    const nested = log.child({ userId: "frank" });
    nested.info("nested");
    assert.deepEqual(JSON.parse(lines[2]!), { level: "info", time: "2026-12-04T22:10:45.799Z", requestId: "with-user-1", userId: "frank", msg: "nested" });
  });
});
