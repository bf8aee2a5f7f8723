import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/directory/person.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import { OUTBOX_PRIORITY, type OutboxRepository } from '../store/outbox-repository.js';
import type { PlannedLessonRecord, TeachingRepository } from '../store/teaching-repository.js';
import { canManageClass } from './lesson-access.js';

/** The lesson card's template; queued with codes only, its words are found when it is sent. */
export const LESSON_CARD = 'lesson';

export type PostLessonResult =
  | { ok: true; lesson: PlannedLessonRecord; className: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'already-posted' | 'no-channel'; className?: string };

export type PostLessonDeps = {
  teaching: TeachingRepository;
  conversations: ConversationRepository;
  outbox: OutboxRepository;
  clock: Clock;
};

/**
 * Posts a planned lesson's card to its class team's channel through the outbox, once: by its job
 * at the planned time, or when the teacher starts it early (`by`). The status change and the
 * queued card commit together, and the outbox key is the lesson's, so the job that finds it
 * already posted sends nothing.
 */
export async function postLesson(
  deps: PostLessonDeps,
  props: { plannedLessonId: string; by?: Person | undefined; asTeacher?: boolean },
): Promise<PostLessonResult> {
  const planned = await deps.teaching.plannedLesson(props.plannedLessonId);
  if (!planned || planned.status === 'cancelled') return { ok: false, reason: 'not-found' };
  const cls = await deps.teaching.classById(planned.classId);
  if (!cls) return { ok: false, reason: 'not-found' };
  if (props.asTeacher && !canManageClass(props.by, cls)) return { ok: false, reason: 'not-allowed' };
  if (planned.status !== 'planned') return { ok: false, reason: 'already-posted', className: cls.name };
  // A class team's General channel has the team's id as its conversation id; it is saved when the
  // bot is installed in the team or anyone speaks there.
  const channelId = cls.teamsTeamId ? await generalChannelOf(deps, cls.teamsTeamId) : undefined;
  if (!channelId) return { ok: false, reason: 'no-channel', className: cls.name };
  const now = deps.clock.now();
  const posted = await deps.teaching.transaction(async (trx) => {
    if (!(await deps.teaching.markPosted(planned.id, now, trx))) return false;
    await deps.outbox.enqueue(
      {
        idempotencyKey: `lesson-post:${planned.id}`,
        conversationId: channelId,
        schoolId: planned.schoolId,
        message: { card: LESSON_CARD, data: { plannedLessonId: planned.id, lessonId: planned.lessonId } },
        priority: OUTBOX_PRIORITY.normal,
      },
      trx,
    );
    return true;
  });
  if (!posted) return { ok: false, reason: 'already-posted', className: cls.name };
  return { ok: true, lesson: { ...planned, status: 'posted', postedAt: now }, className: cls.name };
}

/**
 * Our row for the team's General channel (its id is the team's id). When the bot has only heard
 * from a thread in the team (a channel post's id carries ";messageid=..."), the General channel's
 * row is made from that thread's reference, so the lesson starts a new post rather than replying
 * in someone's thread.
 */
async function generalChannelOf(deps: PostLessonDeps, teamId: string): Promise<string | undefined> {
  const general = await deps.conversations.byTeamsId(teamId);
  if (general?.kind === 'channel') return general.id;
  const any = await deps.teaching.channelConversationOfTeam(teamId);
  if (!any) return undefined;
  const conversation = (any.reference.conversation ?? {}) as Record<string, unknown>;
  return deps.conversations.save({
    schoolId: any.schoolId ?? undefined,
    teamsConversationId: teamId,
    kind: 'channel',
    tenantId: any.tenantId ?? undefined,
    teamId,
    channelId: teamId,
    personId: undefined,
    serviceUrl: any.serviceUrl,
    reference: { ...any.reference, conversation: { ...conversation, id: teamId } },
  });
}
