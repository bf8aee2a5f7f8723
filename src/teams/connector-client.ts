import { type Activity, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Config } from '../config.js';

/**
 * Bot Connector endpoints for the public cloud, as botbuilder's ConfigurationBotFrameworkAuthentication
 * uses them for bot-to-channel calls (botframework-connector AuthenticationConstants:
 * ToChannelFromBotOAuthScope, ToChannelFromBotLoginUrl).
 */
const TO_CHANNEL_OAUTH_SCOPE = 'https://api.botframework.com';
const TO_CHANNEL_LOGIN_URL = 'https://login.microsoftonline.com/botframework.com';

/** The header that carries the outbox row's id, so the Connector emulator can count deliveries per message. */
export const OUTBOX_ID_HEADER = 'x-osb-outbox-id';

export type ConnectorSendResult =
  | { ok: true; activityId: string | undefined }
  | {
      ok: false;
      /** Undefined for a network error or a timeout (the request may or may not have arrived). */
      status: number | undefined;
      /** From a Retry-After header, when the Connector gave one. */
      retryAfterMs: number | undefined;
    };

type HeaderSink = { headers: { set(name: string, value: string): void } };
type Signer = { signRequest(request: HeaderSink): Promise<unknown> };

/**
 * One HTTP call to the Bot Connector per proactive message, with nothing in between: botbuilder's
 * ConnectorClient retries a 429 or 503 on its own before its caller sees it (its `noRetryPolicy`
 * is not honoured in 4.23), which would blind the outbox's rate limiter and double-count its
 * retries. The bearer token still comes from botbuilder's credentials (cached and refreshed there).
 */
export class ConnectorClient {
  private signer: Promise<Signer> | undefined;

  constructor(
    private readonly bot: Config['bot'],
    /** Under a quarter of the outbox's claim (outbox-sender.ts), so a slow send ends before its claim does. */
    private readonly timeoutMs = 10_000,
  ) {}

  /** POST {serviceUrl}/v3/conversations/{conversationId}/activities (Bot Connector "Send to conversation"). */
  async sendToConversation(
    serviceUrl: string,
    conversationId: string,
    activity: Partial<Activity>,
    headers: Record<string, string> = {},
  ): Promise<ConnectorSendResult> {
    const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
    const url = `${base}v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    const request = new Headers({ 'content-type': 'application/json; charset=utf-8', ...headers });
    try {
      if (this.bot) await (await this.credentials()).signRequest({ headers: request });
      const response = await fetch(url, {
        method: 'POST',
        headers: request,
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) return { ok: true, activityId: activityIdOf(text) };
      return {
        ok: false,
        status: response.status,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch {
      // A refused connection, a reset or our timeout: worth another try. The error itself is not
      // kept (it can carry the URL, which holds a conversation id but nothing more).
      return { ok: false, status: undefined, retryAfterMs: undefined };
    }
  }

  private credentials(): Promise<Signer> {
    const bot = this.bot!;
    this.signer ??= new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.appPassword,
      MicrosoftAppType: bot.appType,
      MicrosoftAppTenantId: bot.tenantId ?? '',
    })
      .createCredentials(bot.appId, TO_CHANNEL_OAUTH_SCOPE, TO_CHANNEL_LOGIN_URL, true)
      .then((c) => c as unknown as Signer)
      .catch((error: unknown) => {
        // Try again on the next send rather than remembering a failure for ever.
        this.signer = undefined;
        throw error;
      });
    return this.signer;
  }
}

function activityIdOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110, 10.2.3). */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
