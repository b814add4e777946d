// Checked by `npm run typecheck`, never run: the extension's tool calls must fail to compile when they break a contract.
import type { ServerConnection } from "../../extension/src/mcp/server-connection.js";

export async function typedToolCalls(connection: ServerConnection): Promise<void> {
  // @ts-expect-error run_ab_test cannot be called without its arguments
  await connection.callTool("run_ab_test");
  // @ts-expect-error only tools in the contracts can be called
  await connection.callTool("no_such_tool");
  // @ts-expect-error a period outside the contract's enum
  await connection.callTool("get_analytics_report", { period: "hourly" });
  const { questions } = await connection.callTool("list_questions");
  // @ts-expect-error the result is typed from the output schema
  void questions[0]?.noSuchField;
}
