import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CoachContext } from "./context.js";
import { registerPrompts } from "./prompts/coaching-prompts.js";
import { registerTwinResources } from "./resources/twin-resources.js";
import { registerTools } from "./tools/index.js";
import { SERVER_NAME, SERVER_VERSION } from "./version.js";

const INSTRUCTIONS =
  "Interview practice from the person's digital twin (profile + STAR stories). Typical flow: practice_question → the person answers → evaluate_response → " +
  "record_performance (accuracy = overall/100, with questionId so the practice schedule updates). Compare strategies with run_ab_test; read progress with " +
  "get_analytics_report, get_personalized_recommendations and get_next_milestones. Scores come from a deterministic rubric; drafts from generate_response are templates, not LLM output.";

/** One server per connection: stdio makes one per process, HTTP one per request (stateless /mcp). */
export function createServer(context: CoachContext): McpServer {
  const server = new McpServer({ name: SERVER_NAME, title: "Digital Twin Interview Coach", version: SERVER_VERSION }, { instructions: INSTRUCTIONS });
  registerTools(server, context);
  registerTwinResources(server, context);
  registerPrompts(server, context);
  return server;
}
