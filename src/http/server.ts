import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'botbuilder';
import type { Logger } from '../log.js';

/** Teams activities are small; a larger body is not from Teams. */
const MAX_BODY_BYTES = 1024 * 1024;

export type MessageHandler = (req: Request, res: Response) => Promise<void>;

/**
 * A feature's own page (a case export, say): matched on method and path, after the bot's own
 * paths. The handler writes the whole response.
 */
export type HttpRoute = {
  method: 'GET' | 'POST';
  path: RegExp;
  handle: (match: RegExpExecArray, req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
};

export type ServerDeps = {
  /** Hands a Teams activity to botbuilder's adapter. */
  onMessage: MessageHandler;
  /** Resolves when the bot can serve (database reachable). */
  health: () => Promise<Record<string, unknown>>;
  log: Logger;
  routes?: readonly HttpRoute[];
};

export type RunningServer = { url: string; port: number; close(): Promise<void> };

/**
 * The bot's HTTP face: `POST /api/messages` for the Bot Connector and `GET /healthz` for the host.
 * Plain node:http with the small request/response shape botbuilder asks for.
 */
export function startServer(deps: ServerDeps, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      deps.log.error('http.failed', { errorType: error instanceof Error ? error.name : typeof error });
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ error: 'internal' }));
    });
  });
  // Teams waits 15 s for a turn; keep-alive connections from the Connector are reused.
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, deps: ServerDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/health')) {
    try {
      const body = await deps.health();
      sendJson(res, 200, { status: 'ok', ...body });
    } catch {
      sendJson(res, 503, { status: 'unavailable' });
    }
    return;
  }
  if (url.pathname === '/api/messages') {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readJson(req);
    if (body === undefined) {
      sendJson(res, 400, { error: 'The body must be a JSON activity.' });
      return;
    }
    await deps.onMessage({ body, headers: req.headers, method: req.method }, botResponse(res));
    if (!res.writableEnded) res.end();
    return;
  }
  for (const route of deps.routes ?? []) {
    const match = req.method === route.method ? route.path.exec(url.pathname) : null;
    if (match) {
      await route.handle(match, req, res);
      return;
    }
  }
  sendJson(res, 404, { error: 'not found' });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The express-like response botbuilder writes to. */
function botResponse(res: http.ServerResponse): Response {
  let status = 200;
  const headers: Record<string, string> = {};
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return this;
    },
    send(body?: unknown) {
      if (res.writableEnded) return;
      if (body === undefined || body === null) {
        res.writeHead(status, headers).end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, headers).end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      }
    },
    end() {
      if (!res.writableEnded) res.writeHead(status, headers).end();
    },
  };
}
