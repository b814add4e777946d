import * as vscode from "vscode";
import type { ServerConnection } from "../mcp/server-connection.js";
import type { ResponseSource } from "#contracts/experiments.js";

export interface Strategy {
  id: string;
  name: string;
  prompt: string;
}

export interface Drafts {
  left: string;
  right: string;
  source: Extract<ResponseSource, "template" | "llm">;
  model: string | null;
}

async function templateDraft(connection: ServerConnection, question: string, variantId: string): Promise<string> {
  const { response } = await connection.callTool("generate_response", { question, variantId });
  return response;
}

async function llmDraft(
  model: vscode.LanguageModelChat,
  strategy: Strategy,
  question: string,
  storiesMarkdown: string,
  token: vscode.CancellationToken,
): Promise<string> {
  const messages = [
    vscode.LanguageModelChatMessage.User(
      `${strategy.prompt}\n\nThe candidate's STAR stories:\n\n${storiesMarkdown}\n\nInterview question: ${question}\n\nReply with the answer only.`,
    ),
  ];
  const response = await model.sendRequest(messages, { justification: "Interview Coach drafts two answers to compare answer strategies." }, token);
  let text = "";
  for await (const fragment of response.text) text += fragment;
  return text.trim();
}

/**
 * Both answers for a comparison: by a language model when the setting is on and VS Code offers one
 * (asked here, from the person's action), otherwise by the server's deterministic template composer.
 */
export async function draftBoth(
  connection: ServerConnection,
  question: string,
  left: Strategy,
  right: Strategy,
  useLlm: boolean,
  token: vscode.CancellationToken,
): Promise<Drafts> {
  if (useLlm) {
    const [model] = await vscode.lm.selectChatModels();
    if (model) {
      const { stories } = await connection.callTool("get_star_stories");
      const markdown = stories.map((s) => `## ${s.title}\nSituation: ${s.situation}\nTask: ${s.task}\nAction: ${s.action}\nResult: ${s.result}`).join("\n\n");
      const [a, b] = await Promise.all([llmDraft(model, left, question, markdown, token), llmDraft(model, right, question, markdown, token)]);
      if (a && b) return { left: a, right: b, source: "llm", model: model.name };
    }
  }
  const [a, b] = await Promise.all([templateDraft(connection, question, left.id), templateDraft(connection, question, right.id)]);
  return { left: a, right: b, source: "template", model: null };
}
