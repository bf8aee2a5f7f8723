import { academicYearOf, halfTermOn, type LocalDate } from '../domain/calendar/term-dates.js';
import { reviewReminderDue } from '../domain/policies/policy.js';
import {
  digestRecipients,
  overdueDigestDue,
  reminderKey,
  trainingReminderDue,
} from '../domain/training/reminders.js';
import { trainingMatrix, trainingStatus } from '../domain/training/status.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import { OUTBOX_PRIORITY, type OutboxRepository } from '../store/outbox-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { OutboxEntry, TrainingRepository } from '../store/training-repository.js';

/** Card names of the messages this queues (their send-time presenters turn codes into words). */
export const REMINDER_CARDS = {
  training: 'training-reminder',
  digest: 'training-digest',
  policyReview: 'policy-review',
  parentsMeeting: 'leadership-parents-reminder',
} as const;

/**
 * Parents are invited to e-safety training every year (004 §14; 000 §2 "arranging e-safety meetings
 * for parents"). Leadership hears, once in each half-term, that none is planned for this academic
 * year, starting with the second half of the autumn term so the school has settled in first.
 */
const PARENTS_MEETING_FROM_HALF_TERM = 2;

export type RemindersQueued = {
  training: number;
  digests: number;
  policyReviews: number;
  parentsMeetings: number;
};

/**
 * Everything due today for one school, queued through the outbox under each reminder's
 * idempotency key (domain/training/reminders.ts). Safe to run any number of times a day, on any
 * number of instances, and after a missed day: a key already queued is not queued again, and a
 * window missed yesterday is still open today.
 */
export async function sendDueReminders(props: {
  schoolId: string;
  today: LocalDate;
  training: TrainingRepository;
  policies: PolicyRepository;
  directory: DirectoryRepository;
  outbox: OutboxRepository;
}): Promise<RemindersQueued> {
  const { schoolId, today, training, policies, directory, outbox } = props;
  const [staff, catalogue, records, calendar, register, reachable] = await Promise.all([
    training.staff(schoolId),
    training.catalogue(schoolId),
    training.records(schoolId),
    directory.calendar(schoolId),
    policies.list(schoolId),
    training.staffWithPersonalChat(schoolId),
  ]);
  const messages: { bucket: keyof RemindersQueued; entry: OutboxEntry }[] = [];

  for (const person of staff) {
    for (const course of catalogue) {
      const completions = records
        .filter((r) => r.personId === person.id && r.courseId === course.id)
        .map((r) => r.completedOn);
      const status = trainingStatus({ course, person, completions, today, calendar });
      const due = trainingReminderDue({ person, course, status, today });
      if (!due) continue;
      messages.push({
        bucket: 'training',
        entry: {
          idempotencyKey: due.key,
          schoolId,
          personId: person.id,
          message: {
            card: REMINDER_CARDS.training,
            data: {
              courseId: course.id,
              courseTitle: course.title,
              kind: due.kind,
              dueOn: due.dueOn,
              week: due.week,
            },
          },
        },
      });
    }
  }

  // The digest names people and courses only: never why, never anything else about them.
  const matrix = trainingMatrix(staff, catalogue, records, today, calendar);
  const titles = new Map(catalogue.map((c) => [c.id, c.title]));
  for (const recipient of digestRecipients(staff)) {
    if (today < recipient.startsOn) continue;
    const digest = overdueDigestDue({ recipientId: recipient.id, matrix, today });
    messages.push({
      bucket: 'digests',
      entry: {
        idempotencyKey: digest.key,
        schoolId,
        personId: recipient.id,
        message: {
          card: REMINDER_CARDS.digest,
          data: {
            weekOf: digest.weekOf,
            overdue: digest.overdue.map((r) => ({
              name: r.displayName,
              courseTitle: titles.get(r.courseId) ?? r.courseId,
              dueOn: r.dueOn ?? '',
            })),
          },
        },
      },
    });
  }

  const heads = staff.filter((s) => s.roles.includes('headteacher')).map((s) => s.id);
  for (const policy of register) {
    const due = reviewReminderDue(policy, today);
    if (!due) continue;
    // An owner who has left cannot review it: the headteacher is reminded instead (000 §10.1 puts
    // the review on the headteacher), each under a key of their own.
    const ownerHere = staff.some((s) => s.id === policy.ownerId);
    for (const recipient of ownerHere ? [policy.ownerId] : heads)
      messages.push({
        bucket: 'policyReviews',
        entry: {
          idempotencyKey: ownerHere ? due.key : `${due.key}/${encodeURIComponent(recipient)}`,
          schoolId,
          personId: recipient,
          message: {
            card: REMINDER_CARDS.policyReview,
            data: {
              policyId: policy.id,
              title: policy.title,
              version: policy.version,
              kind: due.kind,
              dueOn: due.dueOn,
              link: policy.link,
            },
          },
        },
      });
  }

  const half = halfTermOn(calendar, today);
  if (half && (half.term !== 'autumn' || half.halfTerm >= PARENTS_MEETING_FROM_HALF_TERM)) {
    const year = academicYearOf(today);
    // An English academic year runs from 1 September to 31 August; a meeting planned for later
    // this year (a future date) counts as planned.
    const start = Number(year.slice(0, 4));
    const meetings = await policies.parentMeetings(schoolId, `${start}-09-01`, `${start + 1}-08-31`);
    if (meetings.length === 0) {
      for (const recipient of digestRecipients(staff)) {
        messages.push({
          bucket: 'parentsMeetings',
          entry: {
            idempotencyKey: reminderKey(
              'parents-meeting',
              schoolId,
              year,
              half.term,
              half.halfTerm,
              recipient.id,
            ),
            schoolId,
            personId: recipient.id,
            message: { card: REMINDER_CARDS.parentsMeeting, data: { academicYear: year } },
          },
        });
      }
    }
  }
  const queued: RemindersQueued = { training: 0, digests: 0, policyReviews: 0, parentsMeetings: 0 };
  for (const { bucket, entry } of messages) {
    // Someone who has never opened their chat with the bot is not sent a backlog of old windows
    // the day they do: each window is due every day it is open (reminders.ts), so the next run
    // after their first message sends what is due then, and nothing is lost.
    if (entry.personId && !reachable.has(entry.personId)) continue;
    if (await outbox.enqueue({ ...entry, priority: OUTBOX_PRIORITY.normal })) queued[bucket] += 1;
  }
  return queued;
}
