import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { CoachContext } from "../context.js";
import type { Profile, Story } from "../domain/types.js";

/** JSON-RPC error for a resource that does not exist, as the MCP specification names it. */
export const RESOURCE_NOT_FOUND = -32002;

export const PROFILE_URI = "twin://profile";
const STORY_URI_PREFIX = "twin://stories/";

export function storyUri(id: string): string {
  return `${STORY_URI_PREFIX}${id}`;
}

/** The story id a twin://stories/{id} URI names, or null for any other URI. */
export function storyIdOf(uri: string): string | null {
  return uri.startsWith(STORY_URI_PREFIX) && uri.length > STORY_URI_PREFIX.length ? uri.slice(STORY_URI_PREFIX.length) : null;
}

export function profileJson(profile: Profile): string {
  return JSON.stringify(profile, null, 2);
}

export function storyMarkdown(story: Story): string {
  const parts = [
    `# ${story.title}`,
    `Competencies: ${story.competencies.join(", ")}`,
    story.tags.length ? `Tags: ${story.tags.join(", ")}` : "",
    story.metrics.length ? `Metrics: ${story.metrics.join("; ")}` : "",
    `## Situation\n${story.situation}`,
    `## Task\n${story.task}`,
    `## Action\n${story.action}`,
    `## Result\n${story.result}`,
    story.learnings ? `## Learnings\n${story.learnings}` : "",
  ];
  return parts.filter(Boolean).join("\n\n");
}

/** twin://profile (JSON) and twin://stories/{id} (Markdown), listing every story. */
export function registerTwinResources(server: McpServer, context: CoachContext): void {
  server.registerResource(
    "profile",
    PROFILE_URI,
    { title: "Profile", description: "The person's profile from the twin file, as JSON.", mimeType: "application/json" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: profileJson(context.twin().profile) }] }),
  );
  server.registerResource(
    "story",
    new ResourceTemplate("twin://stories/{id}", {
      list: async () => ({
        resources: context.twin().stories.map((s) => ({ uri: storyUri(s.id), name: s.id, title: s.title, mimeType: "text/markdown" })),
      }),
      complete: {
        id: (value) =>
          context
            .twin()
            .stories.map((s) => s.id)
            .filter((id) => id.startsWith(value)),
      },
    }),
    { title: "STAR story", description: "One STAR story from the twin, as Markdown.", mimeType: "text/markdown" },
    async (uri, variables) => {
      const id = String(variables.id);
      const story = context.twin().stories.find((s) => s.id === id);
      if (!story)
        throw new McpError(
          RESOURCE_NOT_FOUND,
          `Resource not found: no story "${id}"; known stories: ${context
            .twin()
            .stories.map((s) => s.id)
            .join(", ")}`,
          { uri: uri.href },
        );
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: storyMarkdown(story) }] };
    },
  );
}
