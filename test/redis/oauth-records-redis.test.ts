import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RedisOAuthRecords } from "../../mcp-server/src/http/oauth/redis-records.js";
import { describeOAuthRecords } from "../support/oauth-records-behaviour.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

let server: RedisServer | null = null;
const clients: Redis[] = [];

describeOAuthRecords("Redis (instances sharing one)", {
  open: async () => {
    server ??= await startRedisServer();
    const redis = new Redis(server.url);
    clients.push(redis);
    // A prefix of its own: each test starts from an empty store on the one server.
    return new RedisOAuthRecords(redis, `test-${randomUUID()}`);
  },
  cleanup: async () => {
    for (const redis of clients.splice(0)) redis.disconnect();
    await server?.stop();
    server = null;
  },
});
