import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteOAuthRecords } from "../../mcp-server/src/http/oauth/records.js";
import { openServerDatabase } from "../../mcp-server/src/http/server-database.js";
import { createLogger } from "../../mcp-server/src/log.js";
import type { CoachDatabase } from "../../mcp-server/src/store/database.js";
import { describeOAuthRecords } from "../support/oauth-records-behaviour.js";

const folders: string[] = [];
const databases: CoachDatabase[] = [];

describeOAuthRecords("SQLite (server.sqlite)", {
  open: async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-records-"));
    folders.push(dir);
    const db = openServerDatabase(dir, createLogger("error"));
    databases.push(db);
    return new SqliteOAuthRecords(db);
  },
  cleanup: async () => {
    for (const db of databases.splice(0)) db.close();
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});
