import {
  Client,
  type Context,
  GraphError,
  HTTPMessageHandler,
  type Middleware,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

/** One person's time in a Teams meeting, as its attendance report gives it. */
export type MeetingAttendee = {
  /** The Entra object id (`identity.id`); undefined for a guest or a phone caller. */
  aadObjectId: string | undefined;
  role: string;
  totalSeconds: number;
};

export type MeetingAttendanceReport = {
  reportId: string;
  meetingId: string;
  meetingStart: Date | undefined;
  meetingEnd: Date | undefined;
  attendees: MeetingAttendee[];
};

export type MeetingAttendanceResult =
  | { ok: true; report: MeetingAttendanceReport }
  /**
   * not-found: no such meeting for this organiser; no-report: the meeting has no attendance report
   * yet; refused: Graph said no (permissions or the tenant's application access policy);
   * unavailable: Graph could not be reached or kept refusing after its retries.
   */
  | { ok: false; reason: 'not-found' | 'no-report' | 'refused' | 'unavailable' };

/** Reads a Teams meeting's attendance report; `near` picks the session closest to that time. */
export interface MeetingAttendanceReader {
  attendance(props: {
    tenantId: string | undefined;
    organizerAadObjectId: string;
    /** A meeting's join URL, or its online meeting id. */
    meeting: string;
    near?: Date | undefined;
  }): Promise<MeetingAttendanceResult>;
}

/** An app-only access token for Graph in a tenant. */
export type GraphTokenSource = (tenantId: string | undefined) => Promise<string>;

const JOIN_URL = /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/\S+$/i;
/** Online meeting ids are base64url-like text (letters, digits, `_`, `-`, `=`, `:`, `.`, `@`). */
const MEETING_ID = /^[A-Za-z0-9_=\-:.@]{8,500}$/;

/** Whether the text is something we can look up: a join URL or a meeting id. */
export function isMeetingReference(text: string): boolean {
  return JOIN_URL.test(text) || MEETING_ID.test(text);
}

const Collection = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() });
const MeetingSchema = z.object({ id: z.string().min(1) });
const ReportSchema = z.object({
  id: z.string().min(1),
  meetingStartDateTime: z.string().nullish(),
  meetingEndDateTime: z.string().nullish(),
});
const RecordSchema = z.object({
  identity: z.object({ id: z.string().nullish() }).nullish(),
  role: z.string().nullish(),
  totalAttendanceInSeconds: z.number().int().nonnegative().nullish(),
});

/**
 * Adds the app's token to each request. Graph's own AuthenticationHandler only sends it to
 * graph.microsoft.com over https; our base URL comes from configuration (GRAPH_BASE_URL: a
 * national cloud, or the local server tests play Graph with), so every request made through this
 * client goes to it and carries the token.
 */
class BearerToken implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly token: GraphTokenSource,
    private readonly tenantId: string | undefined,
  ) {}
  async execute(context: Context): Promise<void> {
    const token = await this.token(this.tenantId);
    context.options ??= {};
    const headers: unknown = context.options.headers;
    if (headers instanceof Headers) headers.set('Authorization', `Bearer ${token}`);
    else
      context.options.headers = {
        ...(headers as Record<string, string> | undefined),
        Authorization: `Bearer ${token}`,
      };
    if (!this.next) throw new Error('graph middleware chain has no next handler');
    await this.next.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Microsoft Graph's meeting attendance reports, through `@microsoft/microsoft-graph-client` with its
 * RetryHandler: a 429 or 503 is retried after its Retry-After (Graph throttling guidance).
 * Application permission (OnlineMeetingArtifact.Read.All) reads a meeting through its organiser's
 * path, `/users/{organiser}/onlineMeetings/{id}/attendanceReports`, and needs the tenant's
 * application access policy for that organiser.
 */
export class GraphMeetingAttendance implements MeetingAttendanceReader {
  private readonly host: string;
  private readonly version: string;

  constructor(
    private readonly options: {
      /** e.g. https://graph.microsoft.com/v1.0 */
      baseUrl: string;
      token: GraphTokenSource;
      /** Seconds before the first retry when Graph gives no Retry-After. */
      retryDelaySeconds?: number;
      maxRetries?: number;
    },
  ) {
    const url = new URL(options.baseUrl.replace(/\/+$/, ''));
    const segments = url.pathname.split('/').filter(Boolean);
    this.version = segments.pop() ?? 'v1.0';
    this.host = `${url.origin}/${segments.join('/')}`.replace(/\/+$/, '');
  }

  async attendance(props: {
    tenantId: string | undefined;
    organizerAadObjectId: string;
    meeting: string;
    near?: Date | undefined;
  }): Promise<MeetingAttendanceResult> {
    const meeting = props.meeting.trim();
    if (!isMeetingReference(meeting)) return { ok: false, reason: 'not-found' };
    const client = this.client(props.tenantId);
    const organiser = `/users/${encodeURIComponent(props.organizerAadObjectId)}/onlineMeetings`;
    try {
      let meetingId = meeting;
      if (JOIN_URL.test(meeting)) {
        const found = Collection(MeetingSchema).parse(
          await client
            .api(organiser)
            // The client puts $filter into the URL as given: encoded here, so that the join URL's
            // own %-escapes and "?" reach Graph as they are written.
            .filter(encodeURIComponent(`JoinWebUrl eq '${meeting.replace(/'/g, "''")}'`))
            .get(),
        );
        const first = found.value[0];
        if (!first) return { ok: false, reason: 'not-found' };
        meetingId = first.id;
      }
      const reportsPath = `${organiser}/${encodeURIComponent(meetingId)}/attendanceReports`;
      const reports = await this.all(client, reportsPath, ReportSchema);
      const report = pickReport(reports, props.near);
      if (!report) return { ok: false, reason: 'no-report' };
      const records = await this.all(
        client,
        `${reportsPath}/${encodeURIComponent(report.id)}/attendanceRecords`,
        RecordSchema,
      );
      return {
        ok: true,
        report: {
          reportId: report.id,
          meetingId,
          meetingStart: toDate(report.meetingStartDateTime),
          meetingEnd: toDate(report.meetingEndDateTime),
          attendees: records.map((r) => ({
            aadObjectId: r.identity?.id ?? undefined,
            role: r.role ?? 'None',
            totalSeconds: r.totalAttendanceInSeconds ?? 0,
          })),
        },
      };
    } catch (error) {
      if (error instanceof GraphError) {
        if (error.statusCode === 404) return { ok: false, reason: 'not-found' };
        if (error.statusCode === 401 || error.statusCode === 403) return { ok: false, reason: 'refused' };
      }
      return { ok: false, reason: 'unavailable' };
    }
  }

  private client(tenantId: string | undefined): Client {
    return Client.initWithMiddleware({
      baseUrl: this.host,
      defaultVersion: this.version,
      middleware: [
        new BearerToken(this.options.token, tenantId),
        new RetryHandler(
          new RetryHandlerOptions(this.options.retryDelaySeconds ?? 3, this.options.maxRetries ?? 3),
        ),
        new HTTPMessageHandler(),
      ],
    });
  }

  /** Every page of a collection. A next link that leaves our Graph base URL is not followed (it would carry the token). */
  private async all<T extends z.ZodTypeAny>(client: Client, path: string, item: T): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    const base = `${this.host}/${this.version}`;
    let next: string | undefined = path;
    for (let page = 0; next && page < 50; page++) {
      const body = Collection(item).parse(await client.api(next).get());
      items.push(...body.value);
      const link = body['@odata.nextLink'];
      next = link?.startsWith(`${base}/`) ? link.slice(base.length) : undefined;
    }
    return items;
  }
}

function toDate(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The session that started closest to `near` (a recurring meeting has one report per session); else the latest. */
function pickReport<R extends z.infer<typeof ReportSchema>>(
  reports: R[],
  near: Date | undefined,
): R | undefined {
  const startOf = (r: R) => toDate(r.meetingStartDateTime)?.getTime() ?? 0;
  const sorted = [...reports].sort((a, b) =>
    near
      ? Math.abs(startOf(a) - near.getTime()) - Math.abs(startOf(b) - near.getTime())
      : startOf(b) - startOf(a),
  );
  return sorted[0];
}

/**
 * App-only tokens by the client credentials grant, one per tenant, kept until shortly before they
 * expire. The bot's own app registration (BOT_ID / BOT_PASSWORD) is the Graph app.
 */
export function clientCredentialsTokens(props: {
  appId: string;
  appPassword: string;
  defaultTenantId: string | undefined;
  graphBaseUrl: string;
  authority?: string;
}): GraphTokenSource {
  const cache = new Map<string, { token: string; until: number }>();
  const scope = `${new URL(props.graphBaseUrl).origin}/.default`;
  const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number() });
  return async (tenantId) => {
    const tenant = tenantId ?? props.defaultTenantId ?? 'organizations';
    const cached = cache.get(tenant);
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await fetch(
      `${props.authority ?? 'https://login.microsoftonline.com'}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: props.appId,
          client_secret: props.appPassword,
          scope,
          grant_type: 'client_credentials',
        }),
      },
    );
    // Status only: the body may echo the app id, and never belongs in a log.
    if (!res.ok) throw new Error(`graph token request failed with HTTP ${res.status}`);
    const body = TokenSchema.parse(await res.json());
    cache.set(tenant, { token: body.access_token, until: Date.now() + (body.expires_in - 120) * 1000 });
    return body.access_token;
  };
}
