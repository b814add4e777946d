import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError, SubscribeRequestSchema, UnsubscribeRequestSchema, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import path from "node:path";
import type { CoachContext } from "../context.js";
import type { TwinEvent } from "../twin/twin-source.js";
import { describeChanges, hasChanges, twinResourceChanges } from "./twin-changes.js";
import { PROFILE_URI, RESOURCE_NOT_FOUND, storyIdOf } from "./twin-resources.js";

/** The logger name on the twin's messages to the client. */
export const TWIN_LOGGER = "twin";

/**
 * For a connection that lasts (stdio, in-memory): the client may subscribe to the twin's resources,
 * and hears, while the session is open, when the twin file changes on disk: the story list
 * (list_changed), each subscribed resource whose content changed (updated), and the reload or the
 * parse error as a log message at the level it asked for.
 */
export function serveTwinUpdates(server: McpServer, context: CoachContext): void {
  const subscribed = new Set<string>();
  const protocol = server.server;
  protocol.registerCapabilities({ resources: { subscribe: true, listChanged: true } });

  protocol.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    if (uri !== PROFILE_URI) {
      const id = storyIdOf(uri);
      const stories = id === null ? [] : context.twin().stories;
      if (!stories.some((s) => s.id === id)) {
        const known = id === null ? `${PROFILE_URI} and twin://stories/{id}` : `stories: ${stories.map((s) => s.id).join(", ")}`;
        throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri} cannot be subscribed to; this server has ${known}`, { uri });
      }
    }
    subscribed.add(uri);
    return {};
  });
  protocol.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  const file = path.basename(context.twinFile);
  // A notification that cannot be sent went to a client already gone; the session's close cleans up.
  const ignore = () => undefined;
  const log = (level: LoggingMessageNotification["params"]["level"], data: Record<string, unknown>) =>
    protocol.sendLoggingMessage({ level, logger: TWIN_LOGGER, data }).catch(ignore);

  const announce = (event: TwinEvent) => {
    if (event.kind === "invalid") {
      log("error", { message: event.error.message, file, line: event.error.line });
      return;
    }
    if (event.kind === "missing") {
      log("warning", { message: `${file} is missing: it was deleted or moved away`, file });
      return;
    }
    const changes = twinResourceChanges(event.previous, event.twin);
    // A save that changes nothing a client reads is not news.
    if (!hasChanges(changes) && !event.recovered) return;
    const what = hasChanges(changes) ? describeChanges(changes) : "nothing changed since its last good version";
    log("info", { message: `${file} reloaded${event.recovered ? " and reads again" : ""}: ${what}`, file, stories: event.twin.stories.length });
    if (changes.listChanged) protocol.sendResourceListChanged().catch(ignore);
    for (const uri of changes.updated) if (subscribed.has(uri)) protocol.sendResourceUpdated({ uri }).catch(ignore);
  };

  let unwatch: (() => void) | null = null;
  // Watch for the session, not for the server object: it starts once the client has initialized.
  protocol.oninitialized = () => {
    unwatch ??= context.watchTwin(announce);
  };
  protocol.onclose = () => {
    unwatch?.();
    unwatch = null;
    subscribed.clear();
  };
}
