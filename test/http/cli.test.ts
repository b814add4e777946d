import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { keyIdOf, requireHttpBuild, runCli } from "../support/http-server.js";

interface ListedKey {
  id: string;
  userId: string;
  name: string | null;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

describe("the keys subcommand and the HTTP flags", function () {
  this.timeout(60_000);
  let dir: string;
  before(requireHttpBuild);
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const keys = (...args: string[]) => runCli(["keys", ...args, "--data-dir", dir]);
  const listed = async (...args: string[]) => JSON.parse((await keys("list", "--json", ...args)).stdout) as ListedKey[];

  it("create prints the key once (stdout, alone); only its hash is stored; list and revoke", async () => {
    const created = await keys("create", "--user", "alice", "--scope", "memory:access", "--scope", "project:read", "--name", "ChatGPT connector");
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^ick_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.match(created.stderr, /not shown again/);
    const secret = key.slice(21);
    const stored = readFileSync(path.join(dir, "server.sqlite"));
    assert.ok(!stored.includes(secret), "the secret is never written, only its SHA-256");
    await keys("create", "--user", "bob", "--scope", "session:sync");

    const all = await listed();
    assert.deepEqual(
      all.map((k) => [k.userId, k.scopes.join(" "), k.name, k.revokedAt]),
      [
        ["alice", "memory:access project:read", "ChatGPT connector", null],
        ["bob", "session:sync", null, null],
      ],
    );
    assert.ok(!JSON.stringify(all).includes(secret));
    assert.deepEqual(
      (await listed("--user", "bob")).map((k) => k.userId),
      ["bob"],
    );
    const table = await keys("list");
    assert.match(table.stdout, /^KEY_ID\s+USER\s+SCOPES\s+NAME\s+CREATED\s+REVOKED\n/);
    assert.match(table.stdout, new RegExp(`${keyIdOf(key)}\\s+alice\\s+memory:access,project:read\\s+ChatGPT connector`));

    const revoked = await keys("revoke", keyIdOf(key));
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked API key/);
    const after = (await listed("--user", "alice"))[0]!;
    assert.ok(after.revokedAt !== null && after.revokedAt >= after.createdAt);
    const unknown = await keys("revoke", "0123456789abcdef");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No API key 0123456789abcdef/);
  });

  it("bad keys arguments exit 2 naming the flag and the rule, and create nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["create", "--scope", "memory:access"], /--user is required/],
      [["create", "--user", "alice"], /at least one --scope/],
      [["create", "--user", "alice", "--scope", "admin"], /--scope: must be one of project:read, project:write, session:sync, memory:access; got "admin"/],
      [["create", "--user", "../etc", "--scope", "memory:access"], /--user: must be 1–64 letters/],
      [["create", "--user", "alice", "--scope", "memory:access", "extra"], /unexpected argument "extra"/],
      [["list", "--scope", "memory:access"], /--scope does not apply/],
      [["revoke"], /exactly one KEY_ID/],
      [["revoke", "not-an-id"], /KEY_ID: must be the 16 hex characters/],
      [["rotate"], /unknown action "rotate"/],
      [["create", "--user", "alice", "--scope", "memory:access", "--nope"], /Unknown option '--nope'/],
    ];
    for (const [args, message] of cases) {
      const result = await keys(...args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(" "));
    }
    assert.deepEqual(await listed(), []);
  });

  it("bad HTTP flags exit 2 with the flag and the rule", async () => {
    const cases: [string[], RegExp][] = [
      [["--http", "--port", "70000"], /--port: must be a whole number from 0 to 65535; got "70000"/],
      [["--http", "--port", "eighty"], /--port: must be a whole number/],
      [["--port", "8080"], /--port: only with --http/],
      [["--http", "--allowed-origin", "https://chatgpt.com/path"], /--allowed-origin: must be an origin/],
      [["--http", "--allowed-origin", "chatgpt.com"], /--allowed-origin: must be an origin such as https:\/\/chatgpt\.com/],
      [["--http", "--public-url", "ftp://example.com"], /--public-url: must use http or https/],
      [["--http", "--metrics-public", "maybe"], /--metrics-public: must be true or false/],
      [["--http", "--rate-limit", "0"], /--rate-limit: must be a whole number from 1/],
      [["--http", "--twin", "twin.md"], /--twin: not with --http/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...args, "--data-dir", dir]);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(" "));
    }
  });

  it("--help documents HTTP mode and the keys subcommand", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--http[\s\S]*--port N[\s\S]*--allowed-origin[\s\S]*--metrics-public[\s\S]*keys create --user ID --scope SCOPE/);
    const keysHelp = await runCli(["keys", "--help"]);
    assert.equal(keysHelp.code, 0);
    assert.match(keysHelp.stdout, /Scopes: project:read, project:write, session:sync, memory:access/);
  });
});
