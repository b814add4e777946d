import { z } from "zod";
import { nonEmptyText } from "../contracts/common.js";
import { searchDocuments, type ConnectorLinks } from "./connector-documents.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const searchInput = z.strictObject({ query: nonEmptyText("what to look for in the stories, questions and reports", 500) });
export const searchOutput = z.object({ results: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })) });

/** The ChatGPT connector's search tool (HTTP only): links depend on the server's public URL. */
export function connectorSearch(links: ConnectorLinks) {
  return defineTool({
    name: "search",
    title: "Search",
    description:
      "Search the person's STAR stories, the interview question bank and their analytics reports. Returns ids (story:<id>, question:<id>, report:daily|weekly|monthly) " +
      "with titles and URLs, best match first; pass an id to fetch for the full text.",
    input: searchInput,
    output: searchOutput,
    annotations: READ_ONLY,
    run: ({ query }, context) => ({ results: searchDocuments(context, links, query, 20) }),
  });
}
