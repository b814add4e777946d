import * as vscode from "vscode";
import { errorMessage } from "#contracts/plain.js";

/** A model's conversational line for a reply, or why the reply stays in the coach's plain wording. */
export type Wording = { kind: "model"; text: string } | { kind: "plain"; reason: string };

const MAX_CHARS = 600;

/**
 * Asks the chat's model for a sentence or two around the reply's gist. The model never gives the
 * numbers: a line with a digit in it is not used, since the figures come from the tools alone.
 */
export async function wordWithModel(
  model: vscode.LanguageModelChat | undefined,
  gist: string,
  said: string,
  token: vscode.CancellationToken,
): Promise<Wording> {
  if (!model || typeof model.sendRequest !== "function") return { kind: "plain", reason: "no language model is selected in this chat." };
  const instructions = [
    "You are a warm, direct interview coach talking to a job seeker in a chat.",
    "In one or two short sentences, speak to them about what just happened, described below.",
    "Do not write any numbers, scores, percentages or dates: the exact figures are shown right after your words.",
    "",
    `What happened: ${gist}`,
    said ? `What they wrote: ${said.slice(0, 2_000)}` : "",
  ].join("\n");
  try {
    const response = await model.sendRequest(
      [vscode.LanguageModelChatMessage.User(instructions)],
      { justification: "Interview Coach words its chat replies; the scores come from its rubric." },
      token,
    );
    let text = "";
    for await (const fragment of response.text) text += fragment;
    text = text.trim();
    if (!text) return { kind: "plain", reason: `${model.name} gave no wording.` };
    if (/\d/.test(text)) return { kind: "plain", reason: `${model.name}'s wording had a number in it, and numbers here come only from the coach's tools.` };
    if (text.length > MAX_CHARS) return { kind: "plain", reason: `${model.name}'s wording ran past ${MAX_CHARS} characters.` };
    return { kind: "model", text };
  } catch (error) {
    return { kind: "plain", reason: `the language model did not answer (${errorMessage(error)}).` };
  }
}
