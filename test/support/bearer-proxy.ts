import http from "node:http";
import type { AddressInfo } from "node:net";

export interface BearerProxy {
  /** The proxy's own origin on 127.0.0.1, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards every request to `target` with `Authorization: Bearer
 * <credential>` added and nothing else changed: method, path, body and every other header go
 * through as sent, the Host header included (so the server's DNS-rebinding check judges what the
 * client addressed), and answers stream back unbuffered (SSE included). For clients that cannot
 * send a credential of their own, such as the MCP conformance suite's server mode.
 */
export function startBearerProxy(target: string, credential: string): Promise<BearerProxy> {
  const upstream = new URL(target);
  const server = http.createServer((incoming, outgoing) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, authorization: `Bearer ${credential}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", (error) => {
      if (outgoing.headersSent) return outgoing.destroy(error);
      outgoing.writeHead(502, { "content-type": "text/plain" }).end(`bearer proxy: ${error.message}`);
    });
    incoming.pipe(forward);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
