import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { APPS_CAPABILITIES, registerAppResources } from "./apps/coach-apps.js";
import type { CoachContext } from "./context.js";
import { registerPrompts } from "./prompts/coaching-prompts.js";
import { registerTwinResources } from "./resources/twin-resources.js";
import { serveTwinUpdates } from "./resources/twin-updates.js";
import { sharedSchemaValidator } from "./schema-validator.js";
import { registerTools } from "./tools/index.js";
import { SERVER_NAME, SERVER_VERSION } from "./version.js";

const INSTRUCTIONS =
  "Interview practice from the person's digital twin (profile + STAR stories). Typical flow: practice_question → the person answers → evaluate_response → " +
  "record_performance (accuracy = overall/100, with questionId so the practice schedule updates). Compare strategies with run_ab_test; read progress with " +
  "get_analytics_report, get_personalized_recommendations and get_next_milestones. Scores come from a deterministic rubric; drafts from generate_response are templates, not LLM output.";

export interface ServerOptions {
  /**
   * The connection outlives a request (stdio, in-memory), so the client may subscribe to the twin's
   * resources and set a log level. Stateless HTTP makes a server per request and has nowhere to send either.
   */
  stateful?: boolean;
}

/** One server per connection: stdio makes one per process, HTTP one per request (stateless /mcp). */
export function createServer(context: CoachContext, options: ServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: "Digital Twin Interview Coach", version: SERVER_VERSION },
    // Declared at construction: the SDK answers logging/setLevel and filters by it only then.
    {
      instructions: INSTRUCTIONS,
      capabilities: { ...APPS_CAPABILITIES, ...(options.stateful ? { logging: {} } : {}) },
      jsonSchemaValidator: sharedSchemaValidator,
    },
  );
  registerTools(server, context);
  registerTwinResources(server, context);
  registerAppResources(server);
  if (options.stateful) serveTwinUpdates(server, context);
  registerPrompts(server, context);
  return server;
}
