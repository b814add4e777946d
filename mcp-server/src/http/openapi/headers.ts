/** A response header as the document declares it: an OpenAPI Header Object, shared under components/headers by name. */
export interface ResponseHeader {
  description: string;
  schema: Record<string, unknown>;
}

export type ResponseHeaders = Record<string, ResponseHeader>;

/** "awareness-clock" as headers are conventionally written: Awareness-Clock. */
export const headerName = (lowerCase: string) => lowerCase.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

const REQUEST_ID: ResponseHeaders = {
  "X-Request-Id": {
    description:
      "The request's id, as in the server's logs and a problem's requestId: the caller's own X-Request-Id when it is a plain token of at most 128 characters, else one the server makes (a per-process random prefix and a counter)",
    schema: { type: "string" },
  },
};

const RATE_LIMIT: ResponseHeaders = {
  RateLimit: {
    description: 'The credential\'s remaining requests and seconds until the window resets: "per-credential";r=57;t=42',
    schema: { type: "string" },
  },
  "RateLimit-Policy": { description: 'The limit: "per-credential";q=120;w=60 (requests per window of seconds)', schema: { type: "string" } },
};

export const RETRY_AFTER: ResponseHeaders = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 0 } },
};

const CHALLENGE: ResponseHeaders = {
  "WWW-Authenticate": { description: "The Bearer challenge (RFC 6750), with error and scope when a credential was refused", schema: { type: "string" } },
};

/** Headers that come with a status whichever operation answers it. */
const BY_STATUS: Record<number, ResponseHeaders> = { 401: CHALLENGE, 403: CHALLENGE, 429: RETRY_AFTER, 503: RETRY_AFTER };

/**
 * What every response with this status carries before an operation's own headers: the request id;
 * the rate limit once a credential was accepted (it is counted after authentication); a status's own.
 */
export function standardHeaders(status: number, authenticated: boolean): ResponseHeaders {
  return { ...REQUEST_ID, ...(authenticated && status !== 401 ? RATE_LIMIT : {}), ...BY_STATUS[status] };
}
