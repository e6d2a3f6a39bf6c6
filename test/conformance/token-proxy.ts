import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A reverse proxy that adds `Authorization: Bearer <token>` to every request and passes everything else
 * through untouched (method, path, headers including Host and Origin, body, status, streamed answers).
 * The conformance suite speaks plain MCP; the server under test insists on a bearer token.
 */
export async function startTokenProxy(
  target: URL,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, authorization: `Bearer ${token}` };
    // The suite addresses the proxy; the server must see its own address or its Host check refuses it,
    // unless the suite deliberately sends a foreign Host (the rebinding checks): keep that one.
    const proxyHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (incoming.headers.host === proxyHost) headers.host = target.host;
    if (incoming.headers.origin === `http://${proxyHost}`) headers.origin = `http://${target.host}`;
    const upstream = request(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
