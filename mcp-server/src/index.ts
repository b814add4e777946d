import { setFlagsFromString } from "node:v8";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { parseCli } from "./cli.js";
import { createContext } from "./context.js";
import { errorMessage } from "./errors.js";
import { createLogger } from "./log.js";
import { createServer } from "./server.js";
import { SERVER_VERSION } from "./version.js";

async function main(): Promise<void> {
  const command = parseCli(process.argv.slice(2));
  // HTTP mode and the keys subcommand live in their own bundle (dist/http-server.js), loaded only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild points this at dist/http-server.js
  const httpServer = () => require("./http/main.js") as typeof import("./http/main.js");
  if (command.kind === "keys") {
    const { runKeysCommand } = httpServer();
    process.exitCode = await runKeysCommand(command.dataDir, command.keys);
    return;
  }
  if (command.kind === "serve" && command.options.http) {
    // Before the HTTP code loads: warming up under load, V8 could tenure per-request allocation sites and then promote every request.
    setFlagsFromString("--no-allocation-site-pretenuring");
    const { serveHttp } = httpServer();
    await serveHttp({ dataDir: command.options.dataDir, logLevel: command.options.logLevel, http: command.options.http });
    return;
  }
  if (command.kind !== "serve") {
    (command.kind === "error" ? process.stderr : process.stdout).write(command.text);
    process.exitCode = command.kind === "error" ? 2 : 0;
    return;
  }
  const { options } = command;
  const log = createLogger(options.logLevel);
  const context = createContext({ dataDir: options.dataDir, twinFile: options.twinFile, log });
  const server = createServer(context, { stateful: true });
  const transport = new StdioServerTransport();
  // A line that is not a JSON-RPC message gets no answer from the SDK: say so where a client's author will look.
  server.server.onerror = (error) => log.warn("could not read a message from the client", { error: errorMessage(error) });
  let closing = false;
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { reason });
    await server.close().catch(() => undefined);
    context.store.database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.stdin.on("end", () => void shutdown("stdin closed"));
  await server.connect(transport);
  log.info("ready", { version: SERVER_VERSION, transport: "stdio", dataDir: options.dataDir, twin: context.twinFile, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "fatal", error: String(error) })}\n`);
  process.exit(1);
});
