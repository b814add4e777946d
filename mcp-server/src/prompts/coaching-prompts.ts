import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { CoachContext } from "../context.js";
import { storyMarkdown } from "../resources/twin-resources.js";

export function registerPrompts(server: McpServer, context: CoachContext): void {
  server.registerPrompt(
    "mock_interview",
    {
      title: "Mock interview",
      description: "Run a mock interview for a role, grounded in the person's twin: one question at a time, each answer scored with evaluate_response.",
      argsSchema: {
        role: z.string().trim().min(1).max(200).describe("The role being interviewed for"),
        company: z.string().trim().max(200).optional().describe("The company, if known"),
      },
    },
    ({ role, company }) => {
      const { profile, stories } = context.twin();
      const at = company ? ` at ${company}` : "";
      const storyList = stories.map((s) => `- ${s.id}: ${s.title} (${s.competencies.join(", ")})`).join("\n");
      return {
        description: `Mock interview for ${role}${at}`,
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text:
                `Act as an experienced interviewer for the role of ${role}${at}. The candidate is ${profile.name}, ${profile.headline || profile.targetRole}.\n\n` +
                `Their stories:\n${storyList}\n\n` +
                "Ask one question at a time: use practice_question or list_questions to choose questions that fit the role, mixing behavioural and role-specific ones. " +
                "After each answer, call evaluate_response with the question and the answer, share the overall score, the weakest dimension and one feedback line, " +
                "then call record_performance with accuracy = overall/100, the question's category and questionId. Ask five questions, then summarise strengths and gaps.",
            },
          },
        ],
      };
    },
  );
  server.registerPrompt(
    "rewrite_with_star",
    {
      title: "Rewrite with STAR",
      description: "Rewrite an answer into Situation, Task, Action, Result form, in the first person, keeping only facts from the answer and the twin.",
      argsSchema: { answer: z.string().trim().min(1).max(20_000).describe("The answer to rewrite") },
    },
    ({ answer }) => {
      const { stories } = context.twin();
      const reference = stories[0] ? `\n\nFor reference, a story in the expected shape:\n\n${storyMarkdown(stories[0])}` : "";
      return {
        description: "Rewrite an answer in STAR form",
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text:
                "Rewrite the answer below as a spoken interview answer with a clear Situation, Task, Action and Result. Use the first person singular and the past tense, " +
                "put most of the words into the actions the candidate took, and end on a measured result. Do not invent facts or numbers: where the answer lacks a result, " +
                "leave a bracketed placeholder such as [result: by how much?]. Keep it between 150 and 300 words. Then call evaluate_response on the rewrite and report the score." +
                `\n\nAnswer:\n${answer}${reference}`,
            },
          },
        ],
      };
    },
  );
}
