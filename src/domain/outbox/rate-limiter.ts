/**
 * Teams' throttling limits for a bot's proactive sends, kept on our side so that a trust-wide
 * fan-out is paced rather than answered with HTTP 429 (Microsoft Teams docs, "Optimize your bot:
 * rate limiting and best practices").
 */
export type RateWindow = { windowMs: number; max: number };

/**
 * Per bot, per conversation (a class channel, a personal chat): the "Send message" limits from
 * the table in that page.
 */
export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  // Teams: at most 7 sends per second to one conversation
  { windowMs: 1_000, max: 7 },
  // Teams: at most 8 sends per 2 seconds to one conversation
  { windowMs: 2_000, max: 8 },
  // Teams: at most 60 sends per 30 seconds to one conversation
  { windowMs: 30_000, max: 60 },
  // Teams: at most 1,800 sends per hour to one conversation
  { windowMs: 3_600_000, max: 1_800 },
];

/** Teams: at most 50 requests per second per app per tenant (the "global limit" in that page). */
export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ windowMs: 1_000, max: 50 }];

export type RateLimiterOptions = {
  conversationLimits?: readonly RateWindow[];
  tenantLimits?: readonly RateWindow[];
  /**
   * Added to every window on our side only. The Connector counts arrivals, we count departures:
   * a request that leaves at the start of our window but arrives a little late lands in the
   * Connector's next one. A few milliseconds keeps jitter from becoming 429s.
   */
  marginMs?: number;
  /**
   * Spreads each tenant's sends evenly over its window (at most this many at once, then one every
   * windowMs / max) instead of letting a whole second's worth leave together. Each send is then
   * answered sooner, and since a send counts until a window after its answer, its place comes
   * back sooner: nearer the limit over a long fan-out. Off (undefined) sends as soon as the
   * windows allow.
   */
  tenantBurst?: number;
};

/**
 * Sliding-window log of sends, per conversation and per tenant. Pure: the caller passes the time
 * (a monotonic millisecond count) and records a send only when it makes one.
 */
export class RateLimiter {
  private readonly conversationLimits: readonly RateWindow[];
  private readonly tenantLimits: readonly RateWindow[];
  private readonly marginMs: number;
  private readonly conversations = new Map<string, SendLog>();
  private readonly tenants = new Map<string, SendLog>();
  /** Times before which the Connector asked us (Retry-After) not to send to a conversation. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly tenantBurst: number | undefined;
  /** Sends per millisecond a tenant's tightest window allows: the even pace. */
  private readonly tenantPacePerMs: number;
  private readonly tenantPace = new Map<string, PaceBucket>();

  constructor(options: RateLimiterOptions = {}) {
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.marginMs = options.marginMs ?? 0;
    this.tenantBurst = options.tenantBurst;
    this.tenantPacePerMs = Math.min(
      Number.POSITIVE_INFINITY,
      ...this.tenantLimits.map((l) => l.max / (l.windowMs + this.marginMs)),
    );
  }

  /** How long to wait (ms) before a send to this conversation in this tenant keeps within every limit; 0 = now. */
  delayFor(conversation: string, tenant: string, nowMs: number): number {
    const paused =
      Math.max(this.pausedUntil.get(conversation) ?? 0, this.pausedUntil.get(tenantKey(tenant)) ?? 0) - nowMs;
    const byConversation = this.log(this.conversations, conversation).delayFor(
      this.conversationLimits,
      this.marginMs,
      nowMs,
    );
    const byTenant = this.log(this.tenants, tenant).delayFor(this.tenantLimits, this.marginMs, nowMs);
    return Math.max(0, paused, byConversation, byTenant, this.paceDelay(tenant, nowMs));
  }

  /**
   * A send leaves now: it counts against both limits until it is answered (`finish`), and for a
   * window's length after that. The Connector counts a request when it arrives, which is some
   * time between the two; counting the whole span keeps us within its windows whatever the
   * latency, at the cost of that latency's share of throughput.
   */
  begin(conversation: string, tenant: string, nowMs: number): void {
    this.log(this.conversations, conversation).pending += 1;
    this.log(this.tenants, tenant).pending += 1;
    const bucket = this.paceBucket(tenant, nowMs);
    if (bucket) bucket.tokens -= 1;
  }

  /** The send begun for this conversation and tenant has been answered (or given up on) now. */
  finish(conversation: string, tenant: string, nowMs: number): void {
    this.log(this.conversations, conversation).finish(nowMs, this.longest(this.conversationLimits));
    this.log(this.tenants, tenant).finish(nowMs, this.longest(this.tenantLimits));
  }

  /**
   * The send begun never counted: the Connector failed before handling it (a 502, 503 or 504 from
   * its front end), so it takes no place in Teams' windows. An assumption: Microsoft does not say
   * whether a failed request counts; the emulator takes it that it does not.
   */
  cancel(conversation: string, tenant: string): void {
    const c = this.log(this.conversations, conversation);
    c.pending = Math.max(0, c.pending - 1);
    const t = this.log(this.tenants, tenant);
    t.pending = Math.max(0, t.pending - 1);
    const bucket = this.tenantPace.get(tenant);
    if (bucket && this.tenantBurst !== undefined)
      bucket.tokens = Math.min(this.tenantBurst, bucket.tokens + 1);
  }

  /** A send made and answered at once, now (begin and finish together). */
  record(conversation: string, tenant: string, nowMs: number): void {
    this.begin(conversation, tenant, nowMs);
    this.finish(conversation, tenant, nowMs);
  }

  /**
   * The Connector answered 429 with Retry-After: nothing more to that conversation until then and,
   * when `tenant` is given, nothing to that tenant either (our own counts kept it within the
   * conversation's limits, so the tenant's budget is what ran out: another instance, or another
   * app's sends we cannot see).
   */
  pause(conversation: string, untilMs: number, tenant?: string): void {
    const keys = tenant === undefined ? [conversation] : [conversation, tenantKey(tenant)];
    for (const key of keys) this.pausedUntil.set(key, Math.max(untilMs, this.pausedUntil.get(key) ?? 0));
  }

  /** Nothing more to this tenant until `untilMs` (another sender's sends to it are still in Teams' window). */
  pauseTenant(tenant: string, untilMs: number): void {
    const key = tenantKey(tenant);
    this.pausedUntil.set(key, Math.max(untilMs, this.pausedUntil.get(key) ?? 0));
  }

  /** Forgets conversations with nothing in their longest window, so a year of sends does not grow memory. */
  prune(nowMs: number): void {
    const longestConversation = this.longest(this.conversationLimits);
    for (const [key, log] of this.conversations)
      if (log.isIdle(nowMs, longestConversation)) this.conversations.delete(key);
    const longestTenant = this.longest(this.tenantLimits);
    for (const [key, log] of this.tenants) if (log.isIdle(nowMs, longestTenant)) this.tenants.delete(key);
    for (const [key, until] of this.pausedUntil) if (until <= nowMs) this.pausedUntil.delete(key);
    for (const [key] of this.tenantPace) {
      const bucket = this.paceBucket(key, nowMs);
      if (bucket && bucket.tokens >= (this.tenantBurst ?? 0)) this.tenantPace.delete(key);
    }
  }

  /** How many conversations it is tracking (for tests of pruning). */
  get trackedConversations(): number {
    return this.conversations.size;
  }

  /** How long until the tenant's even pace lets one more go (0 when pacing is off). */
  private paceDelay(tenant: string, nowMs: number): number {
    const bucket = this.paceBucket(tenant, nowMs);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.tenantPacePerMs);
  }

  /** The tenant's bucket, refilled to now; undefined when pacing is off. */
  private paceBucket(tenant: string, nowMs: number): PaceBucket | undefined {
    if (this.tenantBurst === undefined || !Number.isFinite(this.tenantPacePerMs)) return undefined;
    let bucket = this.tenantPace.get(tenant);
    if (!bucket) {
      bucket = { tokens: this.tenantBurst, atMs: nowMs };
      this.tenantPace.set(tenant, bucket);
    }
    if (nowMs > bucket.atMs) {
      bucket.tokens = Math.min(
        this.tenantBurst,
        bucket.tokens + (nowMs - bucket.atMs) * this.tenantPacePerMs,
      );
      bucket.atMs = nowMs;
    }
    return bucket;
  }

  private longest(limits: readonly RateWindow[]): number {
    return Math.max(0, ...limits.map((l) => l.windowMs)) + this.marginMs;
  }

  private log(map: Map<string, SendLog>, key: string): SendLog {
    let log = map.get(key);
    if (!log) {
      log = new SendLog();
      map.set(key, log);
    }
    return log;
  }
}

/** A token bucket: `tokens` sends may leave now; it refills at the tenant's even pace. */
type PaceBucket = { tokens: number; atMs: number };

/** Pauses are kept by key: a tenant's is marked apart from any conversation id. */
function tenantKey(tenant: string): string {
  return `tenant\u0000${tenant}`;
}

/** Times sends were answered, in ascending order, kept for the longest window; and sends not yet answered. */
class SendLog {
  pending = 0;
  private times: number[] = [];
  private start = 0;

  finish(nowMs: number, keepMs: number): void {
    this.pending = Math.max(0, this.pending - 1);
    this.times.push(nowMs);
    this.dropBefore(nowMs - keepMs);
  }

  isIdle(nowMs: number, keepMs: number): boolean {
    this.dropBefore(nowMs - keepMs);
    return this.pending === 0 && this.start >= this.times.length;
  }

  delayFor(limits: readonly RateWindow[], marginMs: number, nowMs: number): number {
    let wait = 0;
    const count = this.times.length - this.start;
    for (const { windowMs, max } of limits) {
      // Sends on their way count as inside every window: wait for one to be answered.
      if (this.pending >= max) {
        wait = Math.max(wait, 1);
        continue;
      }
      const room = max - this.pending;
      if (count < room) continue;
      // The answered send that must leave the window before one more fits.
      const blocking = this.times[this.times.length - room]!;
      const span = windowMs + marginMs;
      if (blocking > nowMs - span) wait = Math.max(wait, blocking + span - nowMs);
    }
    return wait;
  }

  private dropBefore(cutoff: number): void {
    while (this.start < this.times.length && this.times[this.start]! <= cutoff) this.start += 1;
    // Compact now and then rather than shifting on every send.
    if (this.start > 1024 && this.start * 2 > this.times.length) {
      this.times = this.times.slice(this.start);
      this.start = 0;
    }
  }
}
