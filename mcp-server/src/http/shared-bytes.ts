import type { FastifyReply, FastifyRequest } from "fastify";
import Negotiator from "negotiator";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

type Encoding = "br" | "gzip" | "identity";

/** Below this a compressed body saves less than its headers cost. */
const COMPRESS_FROM = 1024;

/** Accept-Encoding headers seen lately with the encoding each chose: a client sends the same one every time, and negotiating it was a large part of a request. */
const negotiated = new Map<string, Encoding>();
const NEGOTIATED_KEPT = 64;

/** The encoding a request accepts that suits a body of `size` bytes: brotli or gzip as the client ranks them, else none. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined, size: number): Encoding {
  if (size < COMPRESS_FROM || acceptEncoding === undefined) return "identity";
  const header = typeof acceptEncoding === "string" ? acceptEncoding : acceptEncoding.join(", ");
  let encoding = negotiated.get(header);
  if (encoding === undefined) {
    const chosen = new Negotiator({ headers: { "accept-encoding": header } }).encodings(["br", "gzip", "identity"])[0];
    encoding = chosen === "br" || chosen === "gzip" ? chosen : "identity";
    // Bounded: a client sending ever-new headers only empties it.
    if (negotiated.size >= NEGOTIATED_KEPT) negotiated.clear();
    negotiated.set(header, encoding);
  }
  return encoding;
}

/**
 * An answer shared between requests, as JSON bytes checked once, and compressed once per encoding
 * when a client first asks for it: a 23 KB question list goes out as about a seventh of that.
 */
export class SharedBytes {
  private readonly encoded = new Map<Encoding, Buffer>();

  constructor(private readonly json: Buffer) {
    this.encoded.set("identity", json);
  }

  send(request: FastifyRequest, reply: FastifyReply, contentType: string): FastifyReply {
    const encoding = chooseEncoding(request.headers["accept-encoding"], this.json.length);
    let body = this.encoded.get(encoding);
    if (!body) {
      // Brotli at quality 5 compresses nearly as well as 11 in a fraction of the time; it is done once per answer.
      body = encoding === "br" ? brotliCompressSync(this.json, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(this.json);
      this.encoded.set(encoding, body);
    }
    reply.header("vary", "accept-encoding");
    if (encoding !== "identity") reply.header("content-encoding", encoding);
    return reply.type(contentType).send(body);
  }
}
