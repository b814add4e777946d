import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { CoachContext } from "../../context.js";
import { replaceTwinInput, replaceTwinOutput } from "../../contracts/twin.js";
import type { Twin } from "../../domain/types.js";
import { parseTwin, TwinParseError } from "../../twin/parse.js";
import { principalOf } from "../auth/principal.js";
import { describeRoute } from "../openapi/index.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";

/**
 * Writes the file whole or not at all, and durably before answering: written beside it, flushed,
 * renamed over it, and the folder flushed, so a reader sees the old file or the new one, never half.
 */
function replaceDurably(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${randomUUID()}.upload`;
  try {
    const fd = openSync(draft, "wx", 0o600);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(draft, file);
  } finally {
    rmSync(draft, { force: true });
  }
  const folder = openSync(path.dirname(file), "r");
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/** The uploaded file as the twin it is, or a 422 naming its line; nothing is written either way. */
function parseUploaded(markdown: string): Twin {
  try {
    return parseTwin(markdown, "twin.md");
  } catch (error) {
    if (!(error instanceof TwinParseError)) throw error;
    throw new ProblemError(422, `The twin file does not parse; nothing was written. ${error.message}.`, {
      type: PROBLEM_TYPES.validation,
      title: "Invalid twin file",
      errors: [{ field: "markdown", rule: `line ${error.line}: ${error.expected}` }],
    });
  }
}

/** How many stories the file about to be replaced has; null when it does not parse (or cannot be read). */
function storiesIn(context: CoachContext): number | null {
  try {
    return context.twin().stories.length;
  } catch {
    return null;
  }
}

/** PUT /api/v1/twin: a person on a hosted server replaces their twin file with their own. */
export function twinRoute(app: FastifyInstance): void {
  describeRoute(app, {
    method: "PUT",
    path: "/api/v1/twin",
    operationId: "replaceTwin",
    summary: "Replace your twin file",
    description:
      "Replaces the caller's twin file (profile and STAR stories, the Markdown format of docs/twin-file.md) with this one, whole. A file that does not parse is refused with its line and nothing is written. Practice data is kept; export_data first to keep a copy of the old file.",
    tags: ["Stories"],
    scope: "memory:access",
    body: replaceTwinInput,
    response: replaceTwinOutput,
    responseDescription: "The new file's profile name and story count, and how many stories the old one had.",
    problems: [422],
    handler: ({ body, request }) => {
      const context = app.coach.users.forUser(principalOf(request).userId);
      const twin = parseUploaded(body.markdown);
      const previousStoryCount = storiesIn(context);
      replaceDurably(context.twinFile, body.markdown);
      return { name: twin.profile.name, storyCount: twin.stories.length, previousStoryCount };
    },
  });
}
