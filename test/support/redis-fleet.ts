import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UNLIMITED } from "../http/awareness-client.js";
import { runCli, startHttpCoach, type HttpCoach } from "./http-server.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

export const FLEET_SCOPES = ["project:read", "project:write", "session:sync"];

/**
 * HTTP instances on one throwaway redis-server, as deployed: the same COACH_JWT_SECRET on each, and
 * each with its own data folder unless the fleet shares one (as the compose file does).
 */
export class RedisFleet {
  readonly env: NodeJS.ProcessEnv = { ...process.env, COACH_JWT_SECRET: randomBytes(48).toString("base64") };
  private readonly folders: string[] = [];
  private readonly instances: HttpCoach[] = [];

  private constructor(
    readonly redis: RedisServer,
    private readonly sharedFolder: string | null,
  ) {
    if (sharedFolder) this.folders.push(sharedFolder);
  }

  static async start(options: { sharedDataFolder?: boolean } = {}): Promise<RedisFleet> {
    const redis = await startRedisServer();
    return new RedisFleet(redis, options.sharedDataFolder ? mkdtempSync(path.join(os.tmpdir(), "coach-fleet-shared-")) : null);
  }

  /** A data folder that the fleet removes when it stops. */
  folder(): string {
    if (this.sharedFolder) return this.sharedFolder;
    const folder = mkdtempSync(path.join(os.tmpdir(), "coach-fleet-"));
    this.folders.push(folder);
    return folder;
  }

  /** Another instance, stopped with the fleet; `redis` is another server for the tests of one that goes away. */
  async instance(args: string[] = UNLIMITED, redis: RedisServer = this.redis): Promise<HttpCoach> {
    const coach = await startHttpCoach({ dataDir: this.folder(), args: ["--redis", redis.url, ...args], env: this.env });
    this.instances.push(coach);
    return coach;
  }

  /** A key made as an operator would for a fleet: `keys create --redis`, no data folder involved. */
  async key(userId: string, scopes: readonly string[] = FLEET_SCOPES): Promise<string> {
    const result = await runCli(["keys", "create", "--user", userId, ...scopes.flatMap((s) => ["--scope", s]), "--redis", this.redis.url]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim();
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.splice(0).map((coach) => coach.stop()));
    await this.redis.stop();
    for (const folder of this.folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}
