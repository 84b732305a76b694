/**
 * A forward proxy on loopback, as a corporate network has one: it opens CONNECT tunnels (and
 * forwards plain absolute-URL requests), checks Proxy-Authorization when told to, and records
 * every target it was asked for.
 */
import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

export interface FakeProxy {
  url: string;
  /** `host:port` of every CONNECT, and the URL of every forwarded request, in order. */
  seen: string[];
  /** `user:password` the proxy demands, or undefined for none. */
  requireAuth: string | undefined;
  close(): Promise<void>;
}

export async function startFakeProxy(): Promise<FakeProxy> {
  const sockets = new Set<Socket>();
  const authorized = (header: string | undefined) =>
    proxy.requireAuth === undefined ||
    header === `Basic ${Buffer.from(proxy.requireAuth).toString("base64")}`;

  const server = createServer((req, res) => {
    // A plain proxied request: GET http://host:port/path.
    proxy.seen.push(req.url ?? "");
    if (!authorized(req.headers["proxy-authorization"])) {
      res.writeHead(407, { "proxy-authenticate": "Basic" }).end();
      return;
    }
    const target = new URL(req.url ?? "");
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    proxy.seen.push(req.url ?? "");
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (!authorized(req.headers["proxy-authorization"])) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
      return;
    }
    const m = /^(.*):(\d+)$/.exec(req.url ?? "");
    const upstream = connect(Number(m?.[2]), (m?.[1] ?? "").replace(/^\[(.*)\]$/, "$1"), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: FakeProxy = {
    url: `http://127.0.0.1:${port}`,
    seen: [],
    requireAuth: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
