import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedActivity = {
  conversationId: string;
  replyToId: string | undefined;
  method: string;
  body: Record<string, unknown> & {
    type?: string;
    text?: string;
    attachments?: { contentType: string; content: Record<string, unknown> }[];
  };
};

/**
 * Plays Microsoft's Bot Connector: the bot sends its replies and proactive messages to
 * `{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`. Records what arrives and answers
 * with an activity id, or with the failures a test asks for.
 */
export class ConnectorFake {
  readonly received: ReceivedActivity[] = [];
  private server: http.Server | undefined;
  private failures: { status: number; headers?: Record<string, string> }[] = [];
  private nextId = 1;
  /** Teams members the fake knows, by channel account id (for TeamsInfo.getMember). */
  readonly members = new Map<string, Record<string, unknown>>();
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const member = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? '');
        if (req.method === 'GET' && member) {
          const found = this.members.get(decodeURIComponent(member[1]!));
          res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify(found ?? { error: { code: 'NotFound' } }));
          return;
        }
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (!match) {
          res.writeHead(404).end();
          return;
        }
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
          res.end(JSON.stringify({ error: { code: 'Injected', message: 'injected failure' } }));
          return;
        }
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        this.received.push({
          conversationId: decodeURIComponent(match[1]!),
          replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
          method: req.method ?? 'POST',
          body,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sent-${this.nextId++}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The next `count` sends fail with this status. */
  failNext(count: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, ...(headers ? { headers } : {}) });
  }

  in(conversationId: string): ReceivedActivity[] {
    return this.received.filter((a) => a.conversationId === conversationId);
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** The Adaptive Card in a received activity, or undefined. */
export function cardOf(activity: ReceivedActivity | undefined): Record<string, unknown> | undefined {
  return activity?.body.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}

/** Every text shown on a card, in order, for assertions that read like what a person sees. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.text === 'string') out.push(n.text);
      if (typeof n.title === 'string') out.push(n.title);
      if (typeof n.value === 'string' && n.type === undefined) out.push(n.value);
      for (const [k, v] of Object.entries(n)) if (k !== 'text' && k !== 'title') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}
