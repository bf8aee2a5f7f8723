import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One throttling rule as Teams applies it: at most `max` requests in any `windowMs`. */
export type EmulatedLimit = { windowMs: number; max: number };

export type ConnectorEmulatorOptions = {
  /**
   * Teams' documented limits for a bot sending to one conversation (7/1 s, 8/2 s, 60/30 s,
   * 1,800/hour) and per app per tenant (50/s). Written out here on their own, not imported from
   * the bot, so that a mistake in the bot's limiter is caught rather than copied.
   */
  conversationLimits?: EmulatedLimit[];
  tenantLimits?: EmulatedLimit[];
  /** Share of sends answered 503 before they are counted (a Connector front end failing). */
  faultRate?: number;
  faultStatus?: number;
  /** Delay before each answer: fixed, or uniform in [min, max]. */
  latencyMs?: number | [number, number];
  /** Seed for the fault and latency dice, so that a run can be repeated. */
  seed?: number;
};

export type EmulatedDelivery = {
  conversationId: string;
  outboxId: string | undefined;
  tenantId: string;
  atMs: number;
  body: Record<string, unknown>;
};

const CONVERSATION_LIMITS: EmulatedLimit[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];
const TENANT_LIMITS: EmulatedLimit[] = [{ windowMs: 1_000, max: 50 }];

/**
 * Plays the Bot Connector for load and crash tests: takes the bot's sends to
 * `{serviceUrl}/v3/conversations/{id}/activities`, enforces Teams' throttling (429 with
 * Retry-After, as Teams answers), injects faults and latency on request, and counts deliveries
 * per outbox message (the `x-osb-outbox-id` header the bot sends) to find any sent twice.
 */
export class ConnectorEmulator {
  readonly deliveries: EmulatedDelivery[] = [];
  /** Deliveries per outbox id: more than 1 is a duplicate. */
  readonly perMessage = new Map<string, number>();
  throttled = 0;
  faults = 0;
  requests = 0;
  url = '';
  private server: http.Server | undefined;
  private readonly arrivals = new Map<string, number[]>();
  private readonly failures: { status: number; headers?: Record<string, string> }[] = [];
  private random: () => number;
  private nextId = 1;
  private readonly epoch = performance.now();

  constructor(private readonly options: ConnectorEmulatorOptions = {}) {
    this.random = mulberry32(options.seed ?? 1);
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.answer(req, Buffer.concat(chunks), res);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The next `count` sends fail with this status (before any throttling). */
  failNext(count: number, status: number, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, ...(headers ? { headers } : {}) });
  }

  /** Changes the injected fault rate from now on. */
  setFaultRate(rate: number): void {
    this.options.faultRate = rate;
  }

  /** Milliseconds since the emulator was made (a monotonic clock). */
  nowMs(): number {
    return performance.now() - this.epoch;
  }

  get duplicates(): number {
    let extra = 0;
    for (const n of this.perMessage.values()) extra += n - 1;
    return extra;
  }

  /** Distinct outbox messages delivered. */
  get distinct(): number {
    return this.perMessage.size;
  }

  /** The most deliveries found in any window of `windowMs`, for one key or all tenants together. */
  busiest(windowMs: number, filter: (d: EmulatedDelivery) => boolean = () => true): number {
    const times = this.deliveries.filter(filter).map((d) => d.atMs);
    let best = 0;
    let from = 0;
    for (let to = 0; to < times.length; to++) {
      while (times[from]! <= times[to]! - windowMs) from += 1;
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  clear(): void {
    this.deliveries.length = 0;
    this.perMessage.clear();
    this.arrivals.clear();
    this.throttled = 0;
    this.faults = 0;
    this.requests = 0;
  }

  private async answer(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const match = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/[^/?]+)?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return send(404, { error: { code: 'NotFound' } });
    this.requests += 1;
    const latency = this.options.latencyMs;
    if (latency !== undefined) {
      const ms =
        typeof latency === 'number' ? latency : latency[0] + this.random() * (latency[1] - latency[0]);
      await new Promise((r) => setTimeout(r, ms));
    }
    const failure = this.failures.shift();
    if (failure) return send(failure.status, { error: { code: 'Injected' } }, failure.headers);
    if ((this.options.faultRate ?? 0) > 0 && this.random() < this.options.faultRate!) {
      this.faults += 1;
      return send(this.options.faultStatus ?? 503, { error: { code: 'ServiceUnavailable' } });
    }
    const body = (raw.length ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, unknown>;
    const conversationId = decodeURIComponent(match[1]!);
    const tenantId =
      ((body.conversation as { tenantId?: string } | undefined)?.tenantId ?? 'no-tenant') || 'no-tenant';
    const at = this.nowMs();
    const waitMs = Math.max(
      this.overBy(`c:${conversationId}`, this.options.conversationLimits ?? CONVERSATION_LIMITS, at),
      this.overBy(`t:${tenantId}`, this.options.tenantLimits ?? TENANT_LIMITS, at),
    );
    if (waitMs > 0) {
      this.throttled += 1;
      // Teams gives Retry-After in whole seconds.
      return send(
        429,
        { error: { code: 'Throttled' } },
        { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      );
    }
    this.count(`c:${conversationId}`, at);
    this.count(`t:${tenantId}`, at);
    const outboxId = header(req, 'x-osb-outbox-id');
    this.deliveries.push({ conversationId, outboxId, tenantId, atMs: at, body });
    if (outboxId) this.perMessage.set(outboxId, (this.perMessage.get(outboxId) ?? 0) + 1);
    send(201, { id: `emulated-${this.nextId++}` });
  }

  /** 0 when one more request at `at` keeps within every limit, else how long until it would. */
  private overBy(key: string, limits: EmulatedLimit[], at: number): number {
    const times = this.arrivals.get(key) ?? [];
    let wait = 0;
    for (const { windowMs, max } of limits) {
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && times[i]! > at - windowMs; i--) inWindow += 1;
      if (inWindow >= max) wait = Math.max(wait, times[times.length - max]! + windowMs - at);
    }
    return wait;
  }

  private count(key: string, at: number): void {
    let times = this.arrivals.get(key);
    if (!times) {
      times = [];
      this.arrivals.set(key, times);
    }
    times.push(at);
    // Keep an hour, the longest window.
    if (times.length > 4_000 && times[0]! < at - 3_600_000) {
      this.arrivals.set(
        key,
        times.filter((t) => t > at - 3_600_000),
      );
    }
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A small seeded PRNG (public-domain mulberry32), so that injected faults repeat run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
