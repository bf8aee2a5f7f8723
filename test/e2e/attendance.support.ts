import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestBot } from '../support/bot-harness.js';
import { actionFor, press } from './teaching.support.js';

/** Helpers shared by the register endpoint tests. */

/** Every input's id and value on a card, as Teams sends them with an Action.Execute. */
export function inputsOf(card: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
        found[n.id] = String(n.value ?? '');
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** The labels of a card's choice inputs. */
export function labelsOf(card: unknown): string[] {
  return JSON.stringify(card)
    .match(/"label":"[^"]*"/g)!
    .map((l) => l.slice('"label":"'.length, -1))
    .filter((l) => l !== 'Teams meeting link or id');
}

/** Presses a card's action as Teams does: its data with the card's inputs (changed as given). */
export async function pressWithInputs(
  t: TestBot,
  key: string,
  card: Record<string, unknown>,
  verb: string,
  changes: Record<string, string> = {},
) {
  return press(t, key, verb, { ...inputsOf(card), ...changes, ...actionFor(card, verb).data });
}

/**
 * Microsoft Graph played by a local server answering like the documented endpoints
 * (onlineMeeting lookup by JoinWebUrl, attendanceReports, attendanceRecords with a next page).
 * The first attendanceReports request is throttled with a 429 and Retry-After: 1.
 */
export async function startGraph(props: {
  organiser: string;
  attendees: Record<string, number>;
  joinUrl: string;
  meeting?: { start: string; end: string };
}) {
  const meetingId = 'MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZiMi04ZjZhNDQyNjg3NzEqMCoqMTk6bWVldGluZ19Y';
  const hits: { path: string; status: number }[] = [];
  let throttled = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      hits.push({ path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer test-token')
      return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'no token' } });
    const base = `/v1.0/users/${props.organiser}/onlineMeetings`;
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
    if (url.pathname === base) {
      const filter = url.searchParams.get('$filter') ?? '';
      // The join URL arrives exactly as the teacher pasted it, its own %-escapes included.
      return send(200, {
        value: filter === `JoinWebUrl eq '${props.joinUrl}'` ? [{ id: meetingId, subject: 'PSHE' }] : [],
      });
    }
    if (url.pathname === `${base}/${meetingId}/attendanceReports`) {
      if (!throttled) {
        throttled = true;
        return send(
          429,
          { error: { code: 'TooManyRequests', message: 'slow down' } },
          { 'Retry-After': '1' },
        );
      }
      return send(200, {
        '@odata.context': 'metadata',
        value: [
          {
            id: 'report-1',
            totalParticipantCount: Object.keys(props.attendees).length,
            meetingStartDateTime: props.meeting?.start ?? '2026-10-15T12:00:00Z',
            meetingEndDateTime: props.meeting?.end ?? '2026-10-15T13:00:00Z',
          },
        ],
      });
    }
    const records = Object.entries(props.attendees).map(([id, seconds]) => ({
      id: `record-${id}`,
      emailAddress: null,
      totalAttendanceInSeconds: seconds,
      role: id === props.organiser ? 'Organizer' : 'Attendee',
      identity: { id, displayName: 'someone', tenantId: null },
      attendanceIntervals: [],
    }));
    if (url.pathname === `${base}/${meetingId}/attendanceReports/report-1/attendanceRecords`) {
      const page = url.searchParams.get('$skiptoken') === 'page2' ? 2 : 1;
      return send(200, {
        value:
          page === 1
            ? records.slice(0, 2)
            : [...records.slice(2), { totalAttendanceInSeconds: 900, role: 'Attendee', identity: null }],
        ...(page === 1
          ? {
              '@odata.nextLink': `${origin}/users/${props.organiser}/onlineMeetings/${meetingId}/attendanceReports/report-1/attendanceRecords?$skiptoken=page2`,
            }
          : {}),
      });
    }
    return send(404, { error: { code: 'NotFound', message: 'no such thing' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1.0`,
    meetingId,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
