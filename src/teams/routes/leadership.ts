import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { academicYearOf } from '../../domain/calendar/term-dates.js';
import type { Person } from '../../domain/directory/person.js';
import { canRecords } from '../../domain/training/access.js';
import { ParentsMeetingInputSchema, recordParentsTraining } from '../../use-cases/record-parents-training.js';
import { viewPolicyRegister } from '../../use-cases/view-policy-register.js';
import { viewSchoolOverview } from '../../use-cases/view-school-overview.js';
import { viewTrainingMatrix } from '../../use-cases/view-training.js';
import { viewTrainingAndPolicyDashboard } from '../../use-cases/view-training-and-policy-dashboard.js';
import type { BotDeps } from '../deps.js';
import {
  LEADERSHIP_DASHBOARD,
  LEADERSHIP_OVERVIEW,
  LEADERSHIP_POLICIES,
  LEADERSHIP_TRAINING,
  leadershipDashboardCardData,
  PARENTS_RECORD,
  parentsMeetingCardData,
  policyRegisterCardData,
  policyRegisterCsv,
  schoolOverviewCardData,
  schoolOverviewCsv,
  trainingMatrixCardData,
  trainingMatrixCsv,
} from '../presenters/leadership.js';
import { displayDate } from '../presenters/training.js';
import { turnInfoOf } from '../turn-info.js';
import { actorOf, staffOnly, staffSays, todayIn } from './training.js';

const TRAINING = /^\s*(training|training matrix|staff training)\s*[.!?]?\s*$/i;
const POLICIES = /^\s*(policies|policy register|policy)\s*[.!?]?\s*$/i;
const DASHBOARD = /^\s*(dashboard|leadership)\s*[.!?]?\s*$/i;
const TRAINING_CSV = /^\s*training\s+csv\s*$/i;
const POLICIES_CSV = /^\s*polic(y|ies)\s+csv\s*$/i;
const OVERVIEW = /^\s*(overview|school overview|lessons overview)\s*[.!?]?\s*$/i;
const OVERVIEW_CSV = /^\s*(school\s+|lessons\s+)?overview\s+csv\s*$/i;
const PARENTS = /^\s*parents'?\s*(e-?safety\s+)?(meetings?|training|evenings?)\s*[.!?]?\s*$/i;

type View = 'training' | 'policies' | 'dashboard' | 'overview';

/**
 * The leadership view (issue 6, item 9): the training matrix, the policy register with unsigned
 * declarations, and a dashboard of both, for the headteacher, leadership and admins only (deny by
 * default: anyone else is told it is not for them, and shown nothing).
 */
export function register(app: Application<TurnState>, deps: BotDeps): void {
  const say = (pattern: RegExp, view: View) =>
    app.message(staffSays(pattern), async (context) => {
      const person = await leadershipOnly(context, deps);
      if (typeof person === 'string') return void (await context.sendActivity(person));
      const [name, data] = await cardFor(deps, person, view);
      await context.sendActivity({ attachments: [deps.cards.attachment(name, data)] });
    });
  say(TRAINING, 'training');
  say(POLICIES, 'policies');
  say(DASHBOARD, 'dashboard');
  say(OVERVIEW, 'overview');

  const press = (verb: string, view: View) =>
    app.adaptiveCards.actionExecute(verb, async (context) => {
      const person = await leadershipOnly(context, deps);
      if (typeof person === 'string') return person;
      const [name, data] = await cardFor(deps, person, view);
      return deps.cards.render(name, data) as never;
    });
  press(LEADERSHIP_TRAINING, 'training');
  press(LEADERSHIP_POLICIES, 'policies');
  press(LEADERSHIP_DASHBOARD, 'dashboard');
  press(LEADERSHIP_OVERVIEW, 'overview');

  app.message(staffSays(PARENTS), async (context) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return void (await context.sendActivity(person));
    await context.sendActivity({
      attachments: [deps.cards.attachment('leadership-parents-meeting', await parentsCard(deps, person, {}))],
    });
  });

  app.adaptiveCards.actionExecute(PARENTS_RECORD, async (context, _state, data) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return person;
    const input = ParentsMeetingInputSchema.safeParse(normaliseNumber(data));
    if (!input.success) return deps.cards.text('error.badInput');
    const result = await recordParentsTraining({
      policies: deps.policies,
      schoolId: person.schoolId,
      actor: actorOf(person),
      input: input.data,
      today: todayIn(deps),
      at: deps.clock.now(),
    });
    deps.log.info('parents.record', {
      correlationId: turnInfoOf(context).correlationId,
      outcome: result.outcome,
    });
    if (result.outcome === 'not-allowed') return deps.cards.text('leadership.notAllowed');
    if (result.outcome === 'invalid')
      return deps.cards.render(
        'leadership-parents-meeting',
        await parentsCard(deps, person, { values: input.data, problems: result.problems }),
      ) as never;
    const message = deps.cards.text(`parents.recorded.${result.outcome}`, {
      title: result.title,
      date: displayDate(result.heldOn),
    });
    return deps.cards.render(
      'leadership-parents-meeting',
      await parentsCard(deps, person, { message }),
    ) as never;
  });

  app.message(staffSays(POLICIES_CSV), async (context) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return void (await context.sendActivity(person));
    const register = await viewPolicyRegister({ ...deps, schoolId: person.schoolId, today: todayIn(deps) });
    await context.sendActivity({
      text: `${deps.cards.text('leadership.csv.policiesIntro')}\n\n\`\`\`\n${policyRegisterCsv(deps.cards, register)}\`\`\``,
      textFormat: 'markdown',
    });
    deps.log.info('leadership.csv', {
      correlationId: turnInfoOf(context).correlationId,
      rows: register.length,
    });
  });

  app.message(staffSays(OVERVIEW_CSV), async (context) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return void (await context.sendActivity(person));
    const overview = await viewSchoolOverview({ ...deps, schoolId: person.schoolId, today: todayIn(deps) });
    // Counts only, with the same small-number rule as the card (DESIGN.md, Leadership view).
    await context.sendActivity({
      text: `${deps.cards.text('leadership.csv.overviewIntro')}\n\n\`\`\`\n${schoolOverviewCsv(deps.cards, overview)}\`\`\``,
      textFormat: 'markdown',
    });
    deps.log.info('leadership.csv', {
      correlationId: turnInfoOf(context).correlationId,
      rows: overview.coverage.length,
    });
  });

  app.message(staffSays(TRAINING_CSV), async (context) => {
    const person = await leadershipOnly(context, deps);
    if (typeof person === 'string') return void (await context.sendActivity(person));
    const overview = await viewTrainingMatrix({ ...deps, schoolId: person.schoolId, today: todayIn(deps) });
    // A code block keeps the commas and line breaks as they are, ready to paste into a spreadsheet.
    await context.sendActivity({
      text: `${deps.cards.text('leadership.csv.intro')}\n\n\`\`\`\n${trainingMatrixCsv(deps.cards, overview)}\`\`\``,
      textFormat: 'markdown',
    });
    deps.log.info('leadership.csv', {
      correlationId: turnInfoOf(context).correlationId,
      rows: overview.rows.length,
    });
  });
}

export async function leadershipOnly(context: TurnContext, deps: BotDeps): Promise<Person | string> {
  const person = await staffOnly(context, deps);
  if (typeof person === 'string') return person;
  if (!canRecords(actorOf(person), 'view-leadership')) return deps.cards.text('leadership.notAllowed');
  return person;
}

/** Input.Number comes back as a number, or as text from some clients; the schema reads text. */
const normaliseNumber = (data: unknown) =>
  data && typeof data === 'object' && typeof (data as { attended?: unknown }).attended === 'number'
    ? { ...data, attended: String((data as { attended: number }).attended) }
    : data;

async function parentsCard(
  deps: BotDeps,
  person: Person,
  props: Omit<Parameters<typeof parentsMeetingCardData>[1], 'academicYear' | 'meetings'>,
) {
  const academicYear = academicYearOf(todayIn(deps));
  const start = Number(academicYear.slice(0, 4));
  const meetings = await deps.policies.parentMeetings(
    person.schoolId,
    `${start}-09-01`,
    `${start + 1}-08-31`,
  );
  return parentsMeetingCardData(deps.cards, { ...props, academicYear, meetings });
}

async function cardFor(deps: BotDeps, person: Person, view: View): Promise<[string, object]> {
  const props = { ...deps, schoolId: person.schoolId, today: todayIn(deps) };
  if (view === 'training')
    return ['leadership-training', trainingMatrixCardData(deps.cards, await viewTrainingMatrix(props))];
  if (view === 'policies')
    return ['leadership-policies', policyRegisterCardData(deps.cards, await viewPolicyRegister(props))];
  if (view === 'overview')
    return ['leadership-school', schoolOverviewCardData(deps.cards, await viewSchoolOverview(props))];
  return [
    'leadership-dashboard',
    leadershipDashboardCardData(deps.cards, await viewTrainingAndPolicyDashboard(props)),
  ];
}
