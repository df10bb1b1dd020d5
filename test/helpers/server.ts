import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  url: string;
  /** The node:http server itself, for tests that need more than requests (e.g. CONNECT). */
  server: import('node:http').Server;
  /** Every request seen, in order: method, path, headers. */
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port; close it in afterEach/finally. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '/', headers: req.headers });
    Promise.resolve(handler(req, res)).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves fixed bodies by path; anything else is 404. */
export function routes(
  table: Record<string, { body: string | Buffer; type?: string; headers?: Record<string, string> }>,
): Handler {
  return (req, res) => {
    const route = table[(req.url ?? '/').split('?')[0] as string];
    if (!route) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('content-type', route.type ?? 'application/rss+xml; charset=utf-8');
    for (const [k, v] of Object.entries(route.headers ?? {})) res.setHeader(k, v);
    res.end(route.body);
  };
}

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export interface Sink extends TestServer {
  received: { path: string; body: Record<string, unknown> }[];
}

/** A webhook sink: records every JSON body posted to it and answers `status`. */
export async function startSink(status = 200): Promise<Sink> {
  const received: Sink['received'] = [];
  const server = await startServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ path: req.url ?? '/', body: JSON.parse(body) });
    res.statusCode = status;
    res.end();
  });
  return { ...server, received };
}
