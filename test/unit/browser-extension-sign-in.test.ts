import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkServer, serverOrigin } from "../../browser-extension/src/server-address.js";
import { codeFromRedirect } from "../../browser-extension/src/sign-in-redirect.js";

describe("the browser extension's server address", () => {
  it("keeps the origin of an https address, or of http on this machine, and of a pasted MCP address", () => {
    assert.equal(serverOrigin("  https://coach.example.com/  "), "https://coach.example.com");
    assert.equal(serverOrigin("https://coach.example.com:8443/mcp"), "https://coach.example.com:8443");
    assert.equal(serverOrigin("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    assert.equal(serverOrigin("http://localhost:3000/mcp/"), "http://localhost:3000");
  });

  it("refuses what breaks a rule, naming the field and the rule", () => {
    const refused: [string, RegExp][] = [
      ["", /enter the address/],
      ["coach.example.com", /is not a web address/],
      ["http://coach.example.com", /must use https:\/\/, or http:\/\/ on this machine/],
      ["https://ada:secret@coach.example.com", /must not carry a user name or password/],
      ["https://coach.example.com/?x=1", /must not carry a query/],
      ["https://coach.example.com/api/v1", /give the server's root .* or its MCP address/],
    ];
    for (const [input, rule] of refused)
      assert.throws(
        () => serverOrigin(input),
        (error: Error) => /^Server address: /.test(error.message) && rule.test(error.message),
        input,
      );
  });

  describe("checked against a real server", () => {
    let server: Server;
    let origin: string;
    let answer: { status: number; body: unknown };

    before(async () => {
      server = createServer((_request, response) => {
        response.writeHead(answer.status, { "content-type": "application/json" });
        response.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("accepts a coach server by its resource metadata", async () => {
      answer = { status: 200, body: { resource: `${origin}/mcp`, resource_name: "Interview Coach" } };
      assert.deepEqual(await checkServer(origin), { resource: `${origin}/mcp` });
    });

    it("says when the server is another kind, or answers for another address", async () => {
      answer = { status: 404, body: {} };
      await assert.rejects(checkServer(origin), /answered, but not as an Interview Coach server: .* answered 404/);
      answer = { status: 200, body: { resource: `${origin}/mcp`, resource_name: "Something Else" } };
      await assert.rejects(checkServer(origin), /its resource metadata names "Something Else"/);
      answer = { status: 200, body: { resource: "https://other.example.com/mcp", resource_name: "Interview Coach" } };
      await assert.rejects(checkServer(origin), /its MCP address is https:\/\/other\.example\.com\/mcp/);
    });

    it("says when nothing answers", async () => {
      await assert.rejects(checkServer("http://127.0.0.1:9"), /Could not reach http:\/\/127\.0\.0\.1:9 \(the connection failed\)/);
    });
  });
});

describe("the sign-in window's redirect", () => {
  const back = (params: Record<string, string>) => `https://abc.chromiumapp.org/?${new URLSearchParams(params)}`;

  it("gives the code when the state is the one sent", () => {
    assert.equal(codeFromRedirect(back({ code: "c1", state: "s1" }), "s1"), "c1");
  });

  it("refuses a refusal, an error, another request's state or a missing code, in words a person can act on", () => {
    assert.throws(() => codeFromRedirect(back({ error: "access_denied", state: "s1" }), "s1"), /You did not allow Interview Coach/);
    assert.throws(
      () => codeFromRedirect(back({ error: "invalid_scope", error_description: "requested scope is not allowed" }), "s1"),
      /Sign-in failed: requested scope/,
    );
    assert.throws(() => codeFromRedirect(back({ code: "c1", state: "other" }), "s1"), /state does not match/);
    assert.throws(() => codeFromRedirect(back({ code: "c1", state: "s1" }), undefined), /state does not match/);
    assert.throws(() => codeFromRedirect(back({ state: "s1" }), "s1"), /without an authorization code/);
  });
});
