import { z } from 'zod';
import type { BotDeps } from '../teams/deps.js';
import type { JobHandlers } from '../use-cases/job-runner.js';
import {
  checkLessonDelivered,
  offerLessonCatchUp,
  remindLessonTeachers,
  sendClassResults,
  tellTeachersNoChannel,
} from '../use-cases/lesson-follow-ups.js';
import { postLesson } from '../use-cases/post-lesson.js';
import { LESSON_JOB } from '../use-cases/schedule-lesson-jobs.js';

const LessonJobPayload = z.object({ plannedLessonId: z.string().uuid(), revision: z.number().int().min(1) });
/** Jobs about a delivered lesson (its catch-up, its results): no revision, it will not move again. */
const DeliveredLessonPayload = z.object({ plannedLessonId: z.string().uuid() });

/**
 * The teaching flow's scheduled jobs (issue 4). Each may run twice (a claim that ran out): every
 * effect is a status change made once or an outbox message with its own key.
 */
export function lessonJobHandlers(deps: BotDeps): JobHandlers {
  return {
    [LESSON_JOB.post]: async (job) => {
      const payload = LessonJobPayload.parse(job.payload);
      const planned = await deps.teaching.plannedLesson(payload.plannedLessonId);
      // Re-dated since this job was made: the newer revision's job posts it.
      if (!planned || planned.revision !== payload.revision) return;
      const result = await postLesson(deps, { plannedLessonId: payload.plannedLessonId });
      if (!result.ok && result.reason === 'no-channel') {
        deps.log.warn('lesson.no-channel', { jobId: job.id, plannedLessonId: payload.plannedLessonId });
        await tellTeachersNoChannel(deps, payload);
      } else if (result.ok) {
        deps.log.info('lesson.posted', { jobId: job.id, plannedLessonId: payload.plannedLessonId });
      }
    },
    [LESSON_JOB.remind]: async (job) => {
      await remindLessonTeachers(deps, LessonJobPayload.parse(job.payload));
    },
    [LESSON_JOB.deliveryCheck]: async (job) => {
      const queued = await checkLessonDelivered(deps, LessonJobPayload.parse(job.payload));
      if (queued > 0) deps.log.info('lesson.not-delivered', { jobId: job.id, notified: queued });
    },
    [LESSON_JOB.catchUp]: async (job) => {
      const queued = await offerLessonCatchUp(deps, DeliveredLessonPayload.parse(job.payload));
      deps.log.info('lesson.catch-up', { jobId: job.id, offered: queued });
    },
    [LESSON_JOB.results]: async (job) => {
      const queued = await sendClassResults(deps, DeliveredLessonPayload.parse(job.payload));
      deps.log.info('lesson.results-sent', { jobId: job.id, teachers: queued });
    },
  };
}
