import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { Clock } from '../domain/clock.js';
import { RateLimiter, TEAMS_TENANT_LIMITS } from '../domain/outbox/rate-limiter.js';
import type { Logger } from '../log.js';
import type { ConversationRepository, SavedConversation } from '../store/conversation-repository.js';
import type { OutboxItem, OutboxMessage, OutboxRepository } from '../store/outbox-repository.js';
import type { CardRenderer } from './cards.js';
import { type ConnectorClient, OUTBOX_ID_HEADER } from './connector-client.js';
import { OUTBOX_PRESENTERS } from './outbox-presenters.js';

export type OutboxSenderOptions = {
  connector: ConnectorClient;
  outbox: OutboxRepository;
  conversations: ConversationRepository;
  cards: CardRenderer;
  /** For what is stored (next attempt, sent at). Rate limits are kept in real time, whatever the clock. */
  clock: Clock;
  log: Logger;
  pollMs: number;
  limiter?: RateLimiter;
  /** Sends awaiting the Connector's answer (and their commit) at once, over all conversations. */
  maxInFlight?: number;
  /** Claimed and held in memory at most this many at a time. */
  claimBatch?: number;
  /** A claimed message not finished by then is due again (its sender is taken to have died). */
  claimMs?: number;
  /** A message whose conversation must wait longer than this goes back to the database meanwhile. */
  holdMs?: number;
  maxAttempts?: number;
  /**
   * Who this sender is, for its tenant leases (several instances on one server). Unique per
   * running instance; a database only one process can open (embedded) may use a fixed name, so
   * that a restart after a crash takes its tenants back at once.
   */
  holder?: string;
};

/** A message for someone with no personal chat yet is tried again at least this often. */
const NO_CHAT_RETRY_MAX_MS = 5 * 60_000;

/**
 * HTTP statuses worth another try (Bot Connector guidance: 412, 429, 502, 503, 504, plus timeouts
 * and server errors). 401 too: a token that expired on the way is refreshed for the next try.
 * Any other 4xx will not improve and goes to the dead letters for an admin.
 */
const RETRYABLE = new Set([401, 408, 412, 429, 500, 502, 503, 504]);
/** Gateway failures: the Connector's front end answered without the request reaching Teams. */
const NOT_HANDLED = new Set([502, 503, 504]);
/** The first retry after a gateway failure: 250-500 ms, doubling from there. */
const GATEWAY_RETRY_FIRST_MS = 500;

/** Teams allows 8 sends in 2 s to one conversation: holding more than that in memory gains nothing. */
const HELD_PER_CONVERSATION = 8;
/** Teams' 60 per 30 s to one conversation is one every 500 ms over the long run. */
const BACKLOG_SPACING_MS = 500;
/** Two seconds' worth of a tenant's sends (Teams: 50 per second per app per tenant) is enough to hold. */
const HELD_PER_TENANT = 100;
const CLAIM_EVERY_MS = 250;
/** After a claim that went mostly straight back, the next comes this soon. */
const RECLAIM_AFTER_HANDBACK_MS = 50;
/** Deliveries answered within this long of each other are committed in one statement. */
const COMMIT_WITHIN_MS = 5;
const COMMIT_BATCH = 16;
const TENANT_SPACING_MS = 20;
/**
 * A tenant's sends leave evenly, a few at most together: a second's worth sent at once waits
 * longer for its answers (and so for its places in the window) than the same sent one by one.
 */
const TENANT_BURST = 4;
/** A sender holds a tenant this long without renewing (several instances: one sends per tenant). */
const TENANT_LEASE_MS = 20_000;
/** Teams' longest window per tenant: what a sender taking a tenant over lets pass first. */
const TENANT_WINDOW_MS = Math.max(...TEAMS_TENANT_LIMITS.map((l) => l.windowMs));
/** Renewed this often while it has that tenant's messages in hand. */
const TENANT_LEASE_RENEW_MS = 5_000;
/** Counted as ours for a little less than the lease, for clocks that differ between machines. */
const TENANT_LEASE_MARGIN_MS = 2_000;

type Ready = {
  item: OutboxItem;
  conversation: SavedConversation;
  /** Rate-limit keys: the Teams conversation and the tenant it lives in. */
  conversationKey: string;
  tenantKey: string;
  claimedAtMs: number;
};

/**
 * Drains the outbox: every proactive message (lesson posts, reminders, safeguarding
 * notifications) is sent from here, so a restart loses none. Claims in priority order (safeguarding
 * first), keeps within Teams' limits for each conversation and tenant, sends several at once so
 * that one conversation's backlog never holds up the others, and records the attempt (the claim)
 * before each send and the Connector's activity id after it.
 */
export class OutboxSender {
  private readonly limiter: RateLimiter;
  private readonly maxInFlight: number;
  private readonly claimBatch: number;
  private readonly claimMs: number;
  private readonly holdMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private stopping = false;
  private inFlight = 0;
  /** Conversations with a send on the way: one at a time each, so their messages arrive in order. */
  private readonly busyConversations = new Set<string>();
  private lastPruneMs = 0;
  private readonly toCommit: {
    id: string;
    activityId: string | undefined;
    at: Date;
    resolve(): void;
    reject(error: unknown): void;
  }[] = [];
  private commitTimer: NodeJS.Timeout | undefined;
  /** Per tenant, when the backlog handed back so far comes due (clock ms): the next goes after it. */
  private readonly tenantBacklogUntil = new Map<string, number>();
  /** When (performance.now()) the last of the backlogs handed back comes due. */
  private backlogDueByMs = 0;
  /** Ids of the messages this instance holds or is sending (any drain). */
  private readonly mine = new Set<string>();
  private readonly holder: string;
  /** Tenants this sender holds the lease on, and until when (performance.now()) it counts them as its. */
  private readonly leasedUntilMs = new Map<string, number>();
  private lastLeaseRenewMs = 0;
  /** Tenants of the sends on their way, by count: leases to keep, with those of the held messages. */
  private readonly inFlightTenants = new Map<string, number>();

  constructor(private readonly o: OutboxSenderOptions) {
    // No margin: each send already counts until its answer, after the Connector counted it.
    this.limiter = o.limiter ?? new RateLimiter({ tenantBurst: TENANT_BURST });
    this.maxInFlight = o.maxInFlight ?? 16;
    this.claimBatch = o.claimBatch ?? 200;
    // Long enough for a held message (a quarter of it) and the Connector's timeout (10 s); short
    // enough that after a crash what was claimed goes again soon.
    this.claimMs = o.claimMs ?? 20_000;
    this.holdMs = o.holdMs ?? 3_000;
    this.maxAttempts = o.maxAttempts ?? 10;
    this.holder = o.holder ?? randomUUID();
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Finishes the sends on the way and gives back what it held, so another instance (or the next start) sends it at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.leasedUntilMs.clear();
    await this.o.outbox.releaseTenants(this.holder, this.o.clock.now()).catch((error: unknown) => {
      // They run out by themselves.
      this.o.log.warn('outbox.lease-release-failed', {
        errorType: error instanceof Error ? error.name : typeof error,
      });
    });
  }

  /** Sends everything due now, within the limits; returns how many were sent. Also used by tests and jobs. */
  async drainOnce(): Promise<number> {
    return this.drain(() => false);
  }

  /** `stopping` ends a background drain early (stop()); a drain a caller asked for runs to the end. */
  private async drain(isStopping: () => boolean): Promise<number> {
    const buffer: Ready[] = [];
    const sends = new Set<Promise<void>>();
    let sent = 0;
    let moreInDatabase = true;
    let lastClaimMs = 0;
    let lastClaimFound = true;
    // Claim when the buffer runs empty (at once, unless the last claim found nothing) or low, and
    // then not more often than every quarter second: each claim is a write.
    const nextClaimAt = (buffered: number): number => {
      if (buffered === 0 && lastClaimFound) return lastClaimMs;
      if (buffered <= this.claimBatch / 2) return lastClaimMs + CLAIM_EVERY_MS;
      return Number.POSITIVE_INFINITY;
    };
    try {
      for (;;) {
        const nowMs = performance.now();
        this.pruneNowAndThen(nowMs);
        // Look again now and then even after the queue seemed empty: a safeguarding notice
        // queued during a fan-out must not wait for the fan-out to finish. A backlog handed back
        // comes due bit by bit meanwhile, so while one is waiting there is always more to claim.
        if (!moreInDatabase && (nowMs - lastClaimMs > 1_000 || this.backlogWaiting())) moreInDatabase = true;

        if (nowMs - this.lastLeaseRenewMs >= TENANT_LEASE_RENEW_MS) await this.renewLeases(buffer);

        // Sends first, then claims: a claim (a write) never holds up a send that is due.
        let wakeInMs = Number.POSITIVE_INFINITY;
        const later: { ready: Ready; waitMs: number }[] = [];
        const now = performance.now();
        // Held a quarter of its claim already (its conversation busy, every slot taken): give it
        // back rather than let a slow send run past the claim's end, when another sender could take it.
        for (let i = buffer.length - 1; i >= 0; i--) {
          const ready = buffer[i]!;
          if (now - ready.claimedAtMs > this.claimMs / 4)
            later.push({ ready: buffer.splice(i, 1)[0]!, waitMs: 0 });
        }
        for (let i = 0; i < buffer.length && this.inFlight < this.maxInFlight; ) {
          const ready = buffer[i]!;
          if (this.busyConversations.has(ready.conversationKey)) {
            i += 1;
            continue;
          }
          const waitMs = this.limiter.delayFor(ready.conversationKey, ready.tenantKey, now);
          if (waitMs === 0) {
            buffer.splice(i, 1);
            const send = this.sendOne(ready).then((ok) => {
              if (ok) sent += 1;
              sends.delete(send);
            });
            sends.add(send);
          } else if (waitMs > this.holdMs || isStopping()) {
            buffer.splice(i, 1);
            later.push({ ready, waitMs });
          } else {
            wakeInMs = Math.min(wakeInMs, waitMs);
            i += 1;
          }
        }
        if (later.length > 0) {
          const at = this.o.clock.now().getTime();
          await this.giveBack(
            later.map(({ ready, waitMs }) => ({ id: ready.item.id, at: new Date(at + waitMs) })),
          );
        }
        if (isStopping() && buffer.length > 0) {
          const now = this.o.clock.now();
          await this.giveBack(buffer.splice(0).map((ready) => ({ id: ready.item.id, at: now })));
        }

        const claimDue = performance.now() >= nextClaimAt(buffer.length);
        if (moreInDatabase && !isStopping() && claimDue) {
          const room = this.claimBatch - buffer.length;
          const claimed = await this.o.outbox.claimDue(this.o.clock.now(), room, this.claimMs, this.holder);
          lastClaimMs = performance.now();
          lastClaimFound = claimed.length > 0;
          if (claimed.length < room) moreInDatabase = false;
          // A claim that ran out while this instance still held the message (a stalled event loop,
          // a slow commit) comes back to it: the send on its way stays the only one.
          const fresh = claimed.filter((item) => !this.mine.has(item.id));
          for (const item of fresh) this.mine.add(item.id);
          try {
            const ours = await this.ofLeasedTenants(fresh);
            const handedBack = await this.hold(buffer, await this.recipientsOf(ours, lastClaimMs));
            // A full claim that went mostly straight back (tenants whose backlog is already in
            // hand): claim again soon, to reach the messages of other tenants queued behind it,
            // but not at once, so that sends still go between the claims.
            if (claimed.length === room && handedBack * 2 > claimed.length)
              lastClaimMs -= CLAIM_EVERY_MS - RECLAIM_AFTER_HANDBACK_MS;
          } catch (error) {
            // Their claims run out and they go again; none may stay marked as ours meanwhile.
            const buffered = new Set(buffer.map((r) => r.item.id));
            for (const item of fresh) if (!buffered.has(item.id)) this.mine.delete(item.id);
            throw error;
          }
          buffer.sort((a, b) => a.item.priority - b.item.priority || Number(a.item.id) - Number(b.item.id));
          // What was claimed may go at once.
          if (buffer.length > 0) continue;
        }
        if (buffer.length === 0 && sends.size === 0 && (!moreInDatabase || isStopping())) return sent;
        // Wait for a send to finish (a slot, or its conversation, frees up) or for the limiter.
        const waits: Promise<unknown>[] = [...sends];
        if (Number.isFinite(wakeInMs)) waits.push(sleep(Math.max(1, wakeInMs)));
        else if (sends.size === 0) waits.push(sleep(Math.min(this.holdMs, 50)));
        if (moreInDatabase && !isStopping()) {
          const claimInMs = nextClaimAt(buffer.length) - performance.now();
          if (Number.isFinite(claimInMs)) waits.push(sleep(Math.max(0, claimInMs)));
        }
        await Promise.race(waits);
      }
    } catch (error) {
      // Whatever was claimed and not sent goes back at once rather than at its claim's end.
      await Promise.allSettled(sends);
      const now = this.o.clock.now();
      await this.giveBack(buffer.map((ready) => ({ id: ready.item.id, at: now }))).catch(() => {});
      throw error;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain(() => this.stopping)
        .then(() => undefined)
        .catch((error: unknown) => {
          this.o.log.error('outbox.drain-failed', {
            errorType: error instanceof Error ? error.name : typeof error,
          });
        })
        .then(() => {
          this.running = undefined;
          this.schedule(this.o.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Keeps a few messages per conversation in memory and gives the rest of a long backlog back,
   * spread over the time Teams' limits need to send them, so that the claim (and the memory) is
   * left for the other conversations. Returns how many it handed back.
   */
  private async hold(buffer: Ready[], fresh: Ready[]): Promise<number> {
    const byConversation = new Map<string, number>();
    const byTenant = new Map<string, number>();
    for (const r of buffer) {
      byConversation.set(r.conversationKey, (byConversation.get(r.conversationKey) ?? 0) + 1);
      byTenant.set(r.tenantKey, (byTenant.get(r.tenantKey) ?? 0) + 1);
    }
    const leastUrgent = new Map<string, number>();
    for (const r of buffer)
      leastUrgent.set(r.tenantKey, Math.max(leastUrgent.get(r.tenantKey) ?? 0, r.item.priority));
    const nowMs = performance.now();
    const now = this.o.clock.now().getTime();
    const releases: { id: string; at: Date }[] = [];
    for (const ready of fresh) {
      const inConversation = byConversation.get(ready.conversationKey) ?? 0;
      const inTenant = byTenant.get(ready.tenantKey) ?? 0;
      byConversation.set(ready.conversationKey, inConversation + 1);
      byTenant.set(ready.tenantKey, inTenant + 1);
      // More urgent than something the tenant already holds (a safeguarding notice in the middle
      // of a lesson's fan-out): held whatever the count, and sent first.
      const jumpsTheQueue = ready.item.priority < (leastUrgent.get(ready.tenantKey) ?? 0);
      if (inConversation < HELD_PER_CONVERSATION && (inTenant < HELD_PER_TENANT || jumpsTheQueue)) {
        buffer.push(ready);
        continue;
      }
      // A backlog: due again when Teams' limits would let it go, so that the next claim brings
      // other conversations and tenants rather than more of the same. A tenant's backlog is
      // spaced after what was handed back before, so each message comes due about when it can
      // be sent, and is claimed about once rather than handed back again and again.
      let waitMs = Math.max(
        this.limiter.delayFor(ready.conversationKey, ready.tenantKey, nowMs),
        (inConversation + 1 - HELD_PER_CONVERSATION) * BACKLOG_SPACING_MS,
      );
      if (inTenant >= HELD_PER_TENANT) {
        const after = Math.max(
          now + (inTenant + 1 - HELD_PER_TENANT) * TENANT_SPACING_MS,
          (this.tenantBacklogUntil.get(ready.tenantKey) ?? 0) + TENANT_SPACING_MS,
        );
        this.tenantBacklogUntil.set(ready.tenantKey, after);
        this.backlogDueByMs = Math.max(this.backlogDueByMs, nowMs + (after - now));
        waitMs = Math.max(waitMs, after - now);
      }
      releases.push({ id: ready.item.id, at: new Date(now + waitMs) });
    }
    await this.giveBack(releases);
    return releases.length;
  }

  /**
   * Commits a delivery, together with the others answered within a few milliseconds: one write
   * for several sends rather than one each. The send's slot is held until its commit, so the
   * sends that a crash can repeat are still only those on their way.
   */
  private recordSent(id: string, activityId: string | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      this.toCommit.push({ id, activityId, at: this.o.clock.now(), resolve, reject });
      if (this.toCommit.length >= COMMIT_BATCH) void this.commitSent();
      else this.commitTimer ??= setTimeout(() => void this.commitSent(), COMMIT_WITHIN_MS);
    });
  }

  private async commitSent(): Promise<void> {
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const batch = this.toCommit.splice(0);
    if (batch.length === 0) return;
    try {
      await this.o.outbox.markSentMany(batch);
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  /**
   * The claimed messages of tenants this sender holds (or has just taken) the lease on. The others
   * are another instance's to send: they go back at once, for it to claim.
   */
  private async ofLeasedTenants(items: OutboxItem[]): Promise<OutboxItem[]> {
    const nowMs = performance.now();
    const toLease = [...new Set(items.map((item) => item.tenantKey))].filter(
      (key) => (this.leasedUntilMs.get(key) ?? 0) - nowMs < TENANT_LEASE_MS / 2,
    );
    if (toLease.length > 0) await this.lease(toLease);
    const ours: OutboxItem[] = [];
    const others: OutboxItem[] = [];
    for (const item of items) (this.holds(item.tenantKey) ? ours : others).push(item);
    if (others.length > 0) {
      const now = this.o.clock.now();
      await this.giveBack(others.map((item) => ({ id: item.id, at: now })));
    }
    return ours;
  }

  /** Renews the leases of the tenants in hand; what is held for a tenant now another's goes back. */
  private async renewLeases(buffer: Ready[]): Promise<void> {
    this.lastLeaseRenewMs = performance.now();
    const now = performance.now();
    for (const [key, until] of this.leasedUntilMs) if (until <= now) this.leasedUntilMs.delete(key);
    const keys = new Set([...buffer.map((r) => r.tenantKey), ...this.inFlightTenants.keys()]);
    if (keys.size === 0) return;
    await this.lease([...keys]);
    const lost: Ready[] = [];
    for (let i = buffer.length - 1; i >= 0; i--)
      if (!this.holds(buffer[i]!.tenantKey)) lost.push(...buffer.splice(i, 1));
    if (lost.length > 0) {
      this.o.log.warn('outbox.tenant-lease-lost', { messages: lost.length });
      const at = this.o.clock.now();
      await this.giveBack(lost.map((r) => ({ id: r.item.id, at })));
    }
  }

  private async lease(keys: string[]): Promise<void> {
    const askedMs = performance.now();
    const now = this.o.clock.now();
    const until = new Date(now.getTime() + TENANT_LEASE_MS);
    const held = await this.o.outbox.leaseTenants(this.holder, keys, now, until);
    for (const key of keys) {
      const lease = held.get(key);
      if (!lease) {
        this.leasedUntilMs.delete(key);
        continue;
      }
      this.leasedUntilMs.set(key, askedMs + TENANT_LEASE_MS - TENANT_LEASE_MARGIN_MS);
      // Taken over from another sender: its last sends are still in Teams' window, which this
      // sender's limiter has not seen. Nothing to the tenant until that window has passed.
      if (lease.otherHolderUntil) {
        const quietMs = lease.otherHolderUntil.getTime() + TENANT_WINDOW_MS - now.getTime();
        if (quietMs > 0) this.limiter.pauseTenant(key, askedMs + quietMs);
      }
    }
  }

  private holds(tenantKey: string): boolean {
    return (this.leasedUntilMs.get(tenantKey) ?? 0) > performance.now();
  }

  /** A tenant's backlog was handed back and has not all been claimed again yet. */
  private backlogWaiting(): boolean {
    return performance.now() < this.backlogDueByMs + CLAIM_EVERY_MS;
  }

  /** Hands claimed messages back to the queue, due at the times given. */
  private async giveBack(releases: { id: string; at: Date }[]): Promise<void> {
    await this.o.outbox.releaseClaims(releases);
    for (const { id } of releases) this.mine.delete(id);
  }

  /** Finds where each claimed message goes; one with nowhere to go yet waits (or, if its conversation is gone, is dead). */
  private async recipientsOf(items: OutboxItem[], claimedAtMs: number): Promise<Ready[]> {
    const ready: Ready[] = [];
    const byId = await this.o.outbox.conversationsByIds(
      items.flatMap((item) => (item.conversationId ? [item.conversationId] : [])),
    );
    for (const item of items) {
      const conversation = item.conversationId
        ? byId.get(item.conversationId)
        : item.personId
          ? await this.o.conversations.personalChatOf(item.personId)
          : undefined;
      if (!conversation && item.personId) {
        // They have not opened their chat with the bot yet. The message waits (it is never dropped:
        // a safeguarding notification must reach someone) and is woken when they first talk to us.
        const wait = Math.min(NO_CHAT_RETRY_MAX_MS, backoffMs(item.attempts, undefined));
        await this.o.outbox.scheduleRetry(
          item.id,
          new Date(this.o.clock.now().getTime() + wait),
          'no-personal-chat',
        );
        this.o.log.info('outbox.waiting-for-chat', { outboxId: item.id, attempts: item.attempts });
        this.mine.delete(item.id);
        continue;
      }
      if (!conversation) {
        await this.o.outbox.markDead(item.id, 'conversation-missing');
        this.o.log.warn('outbox.dead', { outboxId: item.id, reason: 'conversation-missing' });
        this.mine.delete(item.id);
        continue;
      }
      ready.push({
        item,
        conversation,
        conversationKey: conversation.teamsConversationId,
        // Teams counts 50 a second per app per tenant; a school without one counts on its own.
        tenantKey: item.tenantKey,
        claimedAtMs,
      });
    }
    return ready;
  }

  private async sendOne(ready: Ready): Promise<boolean> {
    const { item, conversation } = ready;
    this.inFlight += 1;
    this.inFlightTenants.set(ready.tenantKey, (this.inFlightTenants.get(ready.tenantKey) ?? 0) + 1);
    this.busyConversations.add(ready.conversationKey);
    this.limiter.begin(ready.conversationKey, ready.tenantKey, performance.now());
    let answered = false;
    try {
      const reference = conversation.reference as unknown as ConversationReference;
      const activity = TurnContext.applyConversationReference(this.toActivity(item.message), reference);
      // A new message in the conversation, never a reply to whatever activity the reference was saved from.
      delete activity.replyToId;
      const result = await this.o.connector.sendToConversation(
        reference.serviceUrl,
        conversation.teamsConversationId,
        activity,
        { [OUTBOX_ID_HEADER]: item.id },
      );
      answered = true;
      if (!result.ok && result.status !== undefined && NOT_HANDLED.has(result.status))
        this.limiter.cancel(ready.conversationKey, ready.tenantKey);
      else this.limiter.finish(ready.conversationKey, ready.tenantKey, performance.now());
      if (result.ok) {
        await this.recordSent(item.id, result.activityId);
        this.o.log.debug('outbox.sent', { outboxId: item.id, attempts: item.attempts });
        return true;
      }
      const { status } = result;
      const reason = status ? `http-${status}` : 'network';
      if (status !== undefined && !RETRYABLE.has(status)) {
        await this.o.outbox.markDead(item.id, reason);
        this.o.log.warn('outbox.dead', { outboxId: item.id, reason, attempts: item.attempts });
        return false;
      }
      // A gateway failure never reached Teams (its place in the window was given back above):
      // the first tries come round sooner, which costs Teams nothing and brings a safeguarding
      // notice that met one a few hundred milliseconds nearer.
      const wait = backoffMs(
        item.attempts,
        result.retryAfterMs,
        status !== undefined && NOT_HANDLED.has(status) ? GATEWAY_RETRY_FIRST_MS : undefined,
      );
      if (status === 429) {
        // Throttled: Teams said when to come back. Not the message's fault, so not an attempt
        // that brings it nearer the dead letters.
        this.limiter.pause(ready.conversationKey, performance.now() + wait, ready.tenantKey);
        await this.o.outbox.releaseClaim(item.id, new Date(this.o.clock.now().getTime() + wait));
        this.o.log.info('outbox.throttled', { outboxId: item.id, waitMs: wait });
        return false;
      }
      if (item.attempts >= this.maxAttempts) {
        await this.o.outbox.markDead(item.id, reason);
        this.o.log.warn('outbox.dead', { outboxId: item.id, reason, attempts: item.attempts });
      } else {
        await this.o.outbox.scheduleRetry(item.id, new Date(this.o.clock.now().getTime() + wait), reason);
        this.o.log.info('outbox.retry', { outboxId: item.id, reason, attempts: item.attempts, waitMs: wait });
      }
      return false;
    } catch (error: unknown) {
      // Rendering or the database failed: the claim runs out and the message is tried again.
      this.o.log.error('outbox.send-failed', {
        outboxId: item.id,
        errorType: error instanceof Error ? error.name : typeof error,
      });
      return false;
    } finally {
      if (!answered) this.limiter.finish(ready.conversationKey, ready.tenantKey, performance.now());
      this.inFlight -= 1;
      const inTenant = (this.inFlightTenants.get(ready.tenantKey) ?? 1) - 1;
      if (inTenant > 0) this.inFlightTenants.set(ready.tenantKey, inTenant);
      else this.inFlightTenants.delete(ready.tenantKey);
      this.busyConversations.delete(ready.conversationKey);
      this.mine.delete(item.id);
    }
  }

  private toActivity(message: OutboxMessage): Partial<Activity> {
    if ('text' in message) return { type: 'message', text: message.text };
    const present = OUTBOX_PRESENTERS[message.card];
    const data = present ? present(message.data, this.o.cards) : message.data;
    return { type: 'message', attachments: [this.o.cards.attachment(message.card, data)] };
  }

  private pruneNowAndThen(nowMs: number): void {
    if (nowMs - this.lastPruneMs < 60_000) return;
    this.lastPruneMs = nowMs;
    this.limiter.prune(nowMs);
    const now = this.o.clock.now().getTime();
    for (const [tenant, until] of this.tenantBacklogUntil)
      if (until < now) this.tenantBacklogUntil.delete(tenant);
  }
}

/**
 * Exponential back-off with jitter (between half and all of `firstMs`, doubling to a minute), or
 * the server's Retry-After when it gave one.
 */
export function backoffMs(attempts: number, retryAfter: number | undefined, firstMs = 1000): number {
  if (retryAfter !== undefined) return retryAfter;
  const ceiling = Math.min(60_000, firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
