import { academicYearOf, type LocalDate } from '../domain/calendar/term-dates.js';
import type { DirectoryRepository } from '../store/directory-repository.js';
import type { PolicyRepository } from '../store/policy-repository.js';
import type { TrainingRepository } from '../store/training-repository.js';
import { type RegisterEntry, viewPolicyRegister } from './view-policy-register.js';
import { type TrainingOverview, viewTrainingMatrix } from './view-training.js';

export type LeadershipDashboard = {
  training: TrainingOverview;
  policies: RegisterEntry[];
  academicYear: string;
  parentMeetings: number;
};

/** Everything the leadership dashboard shows, computed once (issue 6, item 9). */
export async function viewTrainingAndPolicyDashboard(props: {
  training: TrainingRepository;
  policies: PolicyRepository;
  directory: DirectoryRepository;
  schoolId: string;
  today: LocalDate;
}): Promise<LeadershipDashboard> {
  const { schoolId, today, policies } = props;
  const academicYear = academicYearOf(today);
  const start = Number(academicYear.slice(0, 4));
  const [training, register, meetings] = await Promise.all([
    viewTrainingMatrix(props),
    viewPolicyRegister(props),
    // An English academic year runs from 1 September to 31 August.
    policies.parentMeetings(schoolId, `${start}-09-01`, `${start + 1}-08-31`),
  ]);
  return { training, policies: register, academicYear, parentMeetings: meetings.length };
}
