import { z } from "zod";
import { DOCUMENT_ID, fetchDocument, type ConnectorLinks } from "./connector-documents.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const fetchInput = z.strictObject({
  id: z
    .string({ error: "must be a document id from search" })
    .regex(DOCUMENT_ID, { error: "must be a document id from search: story:<id>, question:<id>, report:daily, report:weekly or report:monthly" }),
});
export const fetchOutput = z.object({ id: z.string(), title: z.string(), text: z.string(), url: z.string(), metadata: z.record(z.string(), z.unknown()) });

/** The ChatGPT connector's fetch tool (HTTP only): one story, question or report in full. */
export function connectorFetch(links: ConnectorLinks) {
  return defineTool({
    name: "fetch",
    title: "Fetch",
    description:
      "The full text of one document found by search: a STAR story (all parts, competencies, metrics), a bank question (what a strong answer shows, practice schedule) " +
      "or an analytics report computed now (daily, weekly or monthly), with its URL and metadata.",
    input: fetchInput,
    output: fetchOutput,
    annotations: READ_ONLY,
    run: ({ id }, context) => fetchDocument(context, links, id),
  });
}
