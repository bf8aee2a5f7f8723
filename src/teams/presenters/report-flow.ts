import {
  type ConcernsStaff,
  REPORT_CATEGORIES,
  type ReportAbout,
  type ReportCategory,
  type RoutedTo,
  signposts,
} from '../../domain/reports/report.js';
import type { CardRenderer } from '../cards.js';
import { bandOfVoice, REPORT_VOICES, type ReportVoice, wordsFor } from './report-words.js';

/**
 * The cards of the private report flow (issue 5 §1-§5), each replacing the one before in the
 * pupil's personal chat (Universal Actions). What the flow knows so far travels in the buttons'
 * data (`draftId`, `dangerNow`, `category`), so no half-written report is ever stored: nothing
 * reaches the database until the pupil presses send.
 */

/** What the flow carries from card to card. */
export type ReportDraft = { draftId: string; dangerNow: boolean; voice: ReportVoice };

/** "Are you in danger right now?" yes: these words come first on every card after it. */
type DangerBanner = { dangerNow: boolean; dangerTitle: string; dangerDetail: string };

function danger(cards: CardRenderer, draft: Pick<ReportDraft, 'dangerNow' | 'voice'>): DangerBanner {
  return {
    dangerNow: draft.dangerNow,
    dangerTitle: wordsFor(cards, 'report.danger.title', draft.voice),
    dangerDetail: wordsFor(cards, 'report.danger.detail', draft.voice),
  };
}

export type ReportStartCardData = {
  draftId: string;
  voice: ReportVoice;
  title: string;
  intro: string;
  who: string;
  talk: string;
  danger: string;
  yesLabel: string;
  noLabel: string;
  childline: string;
  stopLabel: string;
};

/** Who will read it and that they may ask to talk, then first of all: "are you in danger right now?" */
export function reportStartData(
  cards: CardRenderer,
  draft: Pick<ReportDraft, 'draftId' | 'voice'>,
): ReportStartCardData {
  const w = (key: string) => wordsFor(cards, key, draft.voice);
  return {
    draftId: draft.draftId,
    voice: draft.voice,
    title: w('report.start.title'),
    intro: w('report.start.intro'),
    who: w('report.start.who'),
    talk: w('report.start.talk'),
    danger: w('report.start.danger'),
    yesLabel: w('report.start.yes'),
    noLabel: w('report.start.no'),
    childline: w('report.start.childline'),
    stopLabel: w('report.start.stop'),
  };
}

export type ReportCategoryCardData = DangerBanner & {
  draftId: string;
  voice: ReportVoice;
  question: string;
  choices: { category: ReportCategory; label: string }[];
  backLabel: string;
  stopLabel: string;
};

/** The seven kinds of thing that happen, as big buttons, in the order issue 5 §2 gives them. */
export function reportCategoryData(cards: CardRenderer, draft: ReportDraft): ReportCategoryCardData {
  const w = (key: string) => wordsFor(cards, key, draft.voice);
  return {
    ...danger(cards, draft),
    draftId: draft.draftId,
    voice: draft.voice,
    question: w('report.pick.question'),
    choices: REPORT_CATEGORIES.map((category) => ({ category, label: w(`report.pick.${category}`) })),
    backLabel: w('report.back'),
    stopLabel: w('report.form.stop'),
  };
}

/** What the form shows in its fields: empty at first, the pupil's own words again after a problem. */
export type ReportFormValues = {
  about: ReportAbout;
  concernsStaff: ConcernsStaff;
  where: string;
  when: string;
  what: string;
  nameWithheld: boolean;
};

export const EMPTY_FORM: ReportFormValues = {
  about: 'me',
  concernsStaff: 'no',
  where: '',
  when: '',
  what: '',
  nameWithheld: false,
};

type Choice = { title: string; value: string };

export type ReportFormCardData = DangerBanner & {
  draftId: string;
  voice: ReportVoice;
  category: ReportCategory;
  title: string;
  picked: string;
  optional: string;
  error: string;
  aboutLabel: string;
  about: string;
  aboutChoices: Choice[];
  staffLabel: string;
  concernsStaff: string;
  staffChoices: Choice[];
  staffNote: string;
  whereLabel: string;
  wherePlaceholder: string;
  where: string;
  simpleWhen: boolean;
  whenLabel: string;
  whenPlaceholder: string;
  whenChoose: string;
  whenChoices: Choice[];
  when: string;
  whatLabel: string;
  whatPlaceholder: string;
  what: string;
  pictures: string;
  reportRemove: string;
  nameLabel: string;
  nameNote: string;
  /** Said instead of the toggle after "yes, I am in danger": the handlers see who raised it. */
  nameShownInDanger: string;
  nameWithheld: string;
  sendLabel: string;
  backLabel: string;
  stopLabel: string;
};

const WHEN_CHOICES = ['today', 'yesterday', 'this-week', 'longer-ago', 'still'] as const;

/**
 * One form for the rest: about me or a friend; about an adult at the school (which changes who
 * reads it, and says so); where; when; what, in their own words; keep my name back, with the
 * honest limits of that; and never pictures (policy 003 §7.2.4), with Report Remove from 11.
 */
export function reportFormData(
  cards: CardRenderer,
  draft: ReportDraft & { category: ReportCategory },
  values: ReportFormValues = EMPTY_FORM,
  error = '',
): ReportFormCardData {
  const { voice } = draft;
  const w = (key: string) => wordsFor(cards, key, voice);
  const young = voice === '4-7' || voice === '7-11';
  // A picked answer keeps its words if it was one of the choices; the ChoiceSet shows it either way.
  const whenChoices = WHEN_CHOICES.map((c) => ({
    title: w(`report.form.when.${c}`),
    value: w(`report.form.when.${c}`),
  }));
  return {
    ...danger(cards, draft),
    draftId: draft.draftId,
    voice,
    category: draft.category,
    title: w('report.form.title'),
    picked: wordsFor(cards, 'report.form.picked', voice, {
      category: w(`report.pick.${draft.category}`),
    }),
    optional: w('report.form.optional'),
    error,
    aboutLabel: w('report.form.about'),
    about: values.about,
    aboutChoices: (['me', 'a-friend'] as const).map((value) => ({
      title: w(`report.form.about.${value}`),
      value,
    })),
    staffLabel: w('report.form.staff'),
    concernsStaff: values.concernsStaff,
    staffChoices: (['no', 'staff', 'headteacher'] as const).map((value) => ({
      title: w(`report.form.staff.${value}`),
      value,
    })),
    staffNote: w('report.form.staff.note'),
    whereLabel: w('report.form.where'),
    wherePlaceholder: w('report.form.where.placeholder'),
    where: values.where,
    // The youngest pick from a few simple answers; older pupils and staff write it.
    simpleWhen: young && (values.when === '' || whenChoices.some((c) => c.value === values.when)),
    whenLabel: w('report.form.when'),
    whenPlaceholder: w('report.form.when.placeholder'),
    whenChoose: w('report.form.when.choose'),
    whenChoices,
    when: values.when,
    whatLabel: w('report.form.what'),
    whatPlaceholder: w('report.form.what.placeholder'),
    what: values.what,
    pictures: w('report.form.pictures'),
    // Report Remove is named from 11, as in the lessons (REQUIRED_HELP_ROUTES_FOR_BAND).
    reportRemove: voice === '11-14' || voice === '14-18' ? w('report.form.reportRemove') : '',
    nameLabel: w('report.form.name'),
    nameNote: w('report.form.name.note'),
    nameShownInDanger: w('report.form.name.danger'),
    nameWithheld: String(values.nameWithheld),
    sendLabel: w('report.form.send'),
    backLabel: w('report.back'),
    stopLabel: w('report.form.stop'),
  };
}

export type ReportThanksCardData = {
  dangerNow: boolean;
  dangerTitle: string;
  title: string;
  referenceLine: string;
  sentTo: string;
  urgent: boolean;
  urgentLine: string;
  next: string;
  nobody: boolean;
  nobodyLine: string;
  showMine: boolean;
  mineLine: string;
  mineLabel: string;
  helpTitle: string;
  signposts: { text: string }[];
};

/**
 * Shown only once the report is committed: its reference, who has been told, what happens next,
 * and help by what happened and the pupil's age (`signposts`). In danger: 999 first, again.
 */
export function reportThanksData(
  cards: CardRenderer,
  input: {
    voice: ReportVoice;
    reference: string;
    category: ReportCategory;
    urgent: boolean;
    dangerNow: boolean;
    routedTo: RoutedTo;
    /** Nobody in the school holds a role that receives reports: the pupil is told to tell an adult too. */
    nobodyTold: boolean;
    /** Pupils can follow their report; staff hand it over (domain/access.ts). */
    canFollow: boolean;
  },
): ReportThanksCardData {
  const w = (key: string, values: Record<string, string> = {}) => wordsFor(cards, key, input.voice, values);
  return {
    dangerNow: input.dangerNow,
    dangerTitle: w('report.danger.title'),
    title: w('report.thanks.title'),
    referenceLine: w('report.thanks.reference', { reference: input.reference }),
    sentTo: w(`report.thanks.sentTo.${input.routedTo}`),
    urgent: input.urgent,
    urgentLine: w('report.thanks.urgent'),
    next: w('report.thanks.next'),
    nobody: input.nobodyTold,
    nobodyLine: w('report.thanks.nobody'),
    showMine: input.canFollow,
    mineLine: w('report.thanks.mine'),
    mineLabel: w('report.mine.title'),
    helpTitle: w('report.thanks.help'),
    signposts: signposts(input.category, bandOfVoice(input.voice)).map((route) => ({
      text: w(`report.signpost.${route}`),
    })),
  };
}

export type ReportStoppedCardData = { title: string; detail: string; childline: string; againLabel: string };

/** Leaving is always fine, and nothing was kept. */
export function reportStoppedData(
  cards: CardRenderer,
  voice: ReportVoice,
  alerted = false,
): ReportStoppedCardData {
  const w = (key: string) => wordsFor(cards, key, voice);
  return {
    title: w(alerted ? 'report.stopped.alerted.title' : 'report.stopped.title'),
    detail: w(alerted ? 'report.stopped.alerted.detail' : 'report.stopped.detail'),
    childline: w('report.start.childline'),
    againLabel: w('report.stopped.again'),
  };
}

export type ReportPrivateCardData = {
  title: string;
  detail: string;
  sent: string;
  help: string;
  openLabel: string;
  url: string;
};

/**
 * In a channel or group chat: never a report, never what was typed; a button that opens the
 * personal chat with the bot (Teams deep link to a chat with the bot's id).
 */
export function reportPrivateData(
  cards: CardRenderer,
  input: { botId: string; startSent: boolean },
): ReportPrivateCardData {
  return {
    title: cards.text('report.private.title'),
    detail: cards.text('report.private.detail'),
    sent: input.startSent ? cards.text('report.private.sent') : '',
    help: cards.text('report.private.help'),
    openLabel: cards.text('report.private.open'),
    url: personalChatUrl(input.botId),
  };
}

/** Teams deep link to a one-to-one chat with the bot; its id is `28:<Microsoft app id>`. */
export function personalChatUrl(botId: string): string {
  // Ids are letters, digits, hyphens and the colon Teams writes them with; anything else is dropped.
  return `https://teams.microsoft.com/l/chat/0/0?users=${botId.replace(/[^\w:.-]/g, '')}`;
}

export type ReportInfoCardData = {
  title: string;
  detail: string;
  buttons: { title: string; verb: string }[];
};

/** A short card with a title, a sentence and buttons: a refusal, a picture not kept, someone not on the roster. */
export function reportInfoData(
  cards: CardRenderer,
  input: { title: string; detail: string; buttons?: { titleKey: string; verb: string }[] },
): ReportInfoCardData {
  return {
    title: cards.text(input.title),
    detail: cards.text(input.detail),
    buttons: (input.buttons ?? []).map((b) => ({ title: cards.text(b.titleKey), verb: b.verb })),
  };
}

/** The start card queued to a personal chat (a "Tell someone" press in a channel), worded at send time. */
export function reportStartFromQueue(
  data: Record<string, unknown>,
  cards: CardRenderer,
): ReportStartCardData {
  const voice = (REPORT_VOICES as readonly unknown[]).includes(data.voice)
    ? (data.voice as ReportVoice)
    : '7-11';
  const draftId = typeof data.draftId === 'string' ? data.draftId : '';
  return reportStartData(cards, { draftId, voice });
}
