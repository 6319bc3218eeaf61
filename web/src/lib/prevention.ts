// Rules of the prevention screens that mirror the server's (src/service/prevention_service.cc):
// the vocabularies of the registry, visits, activities and 入职查询, when an edit needs a reason,
// what a PATCH sends, the participants list of an activity, and the client checks of each form.
// The server stays the authority; its field errors are shown the same way.
import type { RegistryEntry } from '../api/types';
import { checkIdNumber, compareDates, parseDate, type CivilDate } from './validation';

export const FAMILY_SITUATIONS = [
  'father_away',
  'mother_away',
  'migrant',
  'single_parent',
  'de_facto_unsupported',
  'extreme_poverty',
  'subsistence_allowance',
  'disability',
  'orphan',
  'guardianship_lacking',
  'parent_in_prison',
] as const;
export const CAREGIVERS = ['grandparents', 'other_relative', 'neighbour_friend', 'alone', 'other'];
export const DISABILITY_TYPES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
];
export const RISK_LEVELS = ['high', 'medium', 'low', 'no_intervention'] as const;
export const SEEN = ['girl', 'guardian', 'caregiver', 'teacher', 'other'] as const;
export const ACTIVITY_KINDS = [
  'safety_education',
  'sexual_abuse_prevention',
  'parent_class',
  'family_education',
  'law_in_school',
  'children_home',
  'mental_health',
  'other',
] as const;
export const AUDIENCES = ['students', 'guardians', 'teachers', 'community'] as const;
export const SEXES = ['female', 'male'] as const;
export const AGE_BANDS = ['age_0_6', 'age_7_12', 'age_13_15', 'age_16_17'] as const;
export const STAFF_CHECK_KINDS = ['pre_hire', 'yearly'] as const;
/** The result that means "a record was found" differs by kind: not hired, or dismissed. */
export const STAFF_CHECK_RESULTS: Record<string, string[]> = {
  pre_hire: ['no_record', 'record_not_hired'],
  yearly: ['no_record', 'record_dismissed'],
};

/** Higher is more serious; an unset level ranks below every level. */
export function riskRank(level: string | null | undefined): number {
  const i = RISK_LEVELS.indexOf((level ?? '') as (typeof RISK_LEVELS)[number]);
  return i < 0 ? -1 : RISK_LEVELS.length - i;
}

/** A lower risk level or closing an active entry needs a written reason. */
export function needsReason(
  before: { risk_level?: string; state?: string },
  after: { risk_level?: string; state?: string },
): boolean {
  const lowered =
    !!after.risk_level &&
    riskRank(before.risk_level) >= 0 &&
    riskRank(after.risk_level) < riskRank(before.risk_level);
  const closing = after.state === 'closed' && before.state !== 'closed';
  return lowered || closing;
}

/** The fields of the add and edit forms (identity fields are write-only: blank keeps them). */
export interface EntryForm {
  name: string;
  id_number: string;
  birth_date: string;
  address: string;
  guardians: string;
  phone: string;
  school: string;
  student_no: string;
  grade: string;
  family_situations: string[];
  caregiver: string;
  disability_type: string;
  disability_grade: string;
  vulnerability_classes: string[];
  risk_level: string;
  state: string;
  reason: string;
}

export const IDENTITY_FIELDS = [
  'name',
  'id_number',
  'birth_date',
  'address',
  'guardians',
  'phone',
  'school',
  'student_no',
] as const;
export const ENTRY_FIELDS = [
  ...IDENTITY_FIELDS,
  'grade',
  'family_situations',
  'caregiver',
  'disability_type',
  'disability_grade',
  'vulnerability_classes',
  'risk_level',
  'state',
  'reason',
];

export function blankEntryForm(): EntryForm {
  return {
    name: '',
    id_number: '',
    birth_date: '',
    address: '',
    guardians: '',
    phone: '',
    school: '',
    student_no: '',
    grade: '',
    family_situations: [],
    caregiver: '',
    disability_type: '',
    disability_grade: '',
    vulnerability_classes: [],
    risk_level: '',
    state: 'active',
    reason: '',
  };
}

/** The edit form of an entry: its classification as it stands, identity fields blank. */
export function entryFormOf(entry: RegistryEntry): EntryForm {
  return {
    ...blankEntryForm(),
    grade: entry.grade ?? '',
    family_situations: [...(entry.family_situations ?? [])],
    caregiver: entry.caregiver ?? '',
    disability_type: entry.disability_type ?? '',
    disability_grade: entry.disability_grade ? String(entry.disability_grade) : '',
    vulnerability_classes: [...(entry.vulnerability_classes ?? [])],
    risk_level: entry.risk_level ?? '',
    state: entry.state ?? 'active',
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The body of POST /api/v1/registry: trimmed, empty fields left out. */
export function createBody(form: EntryForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of [...IDENTITY_FIELDS, 'grade', 'caregiver', 'disability_type', 'risk_level']) {
    const value = (form[key as keyof EntryForm] as string).trim();
    if (value) body[key] = key === 'id_number' ? value.toUpperCase() : value;
  }
  if (form.family_situations.length) body.family_situations = [...form.family_situations];
  if (form.vulnerability_classes.length)
    body.vulnerability_classes = [...form.vulnerability_classes];
  if (form.disability_grade.trim()) body.disability_grade = Number(form.disability_grade);
  return body;
}

/**
 * The body of PATCH /api/v1/registry/{id}: only what changed (an absent field keeps its value);
 * identity fields only when filled in; the reason only when the change needs one.
 */
export function patchBody(entry: RegistryEntry, form: EntryForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of IDENTITY_FIELDS) {
    const value = form[key].trim();
    if (value) body[key] = key === 'id_number' ? value.toUpperCase() : value;
  }
  for (const key of ['grade', 'caregiver', 'disability_type', 'risk_level', 'state'] as const) {
    const value = form[key].trim();
    if (value !== (entry[key] ?? '')) body[key] = value;
  }
  const grade = form.disability_grade.trim() ? Number(form.disability_grade) : 0;
  if (grade !== (entry.disability_grade ?? 0)) body.disability_grade = grade;
  if (!sameSet(form.family_situations, entry.family_situations ?? []))
    body.family_situations = [...form.family_situations];
  if (!sameSet(form.vulnerability_classes, entry.vulnerability_classes ?? []))
    body.vulnerability_classes = [...form.vulnerability_classes];
  if (needsReason(entry, form)) body.reason = form.reason.trim();
  return body;
}

/** Client checks of the add (creating) or edit form: field → reason code. */
export function checkEntry(
  form: EntryForm,
  today: CivilDate,
  mode: 'create' | 'edit',
  entry?: RegistryEntry,
): Record<string, string> {
  const reasons: Record<string, string> = {};
  if (mode === 'create' && !form.name.trim()) reasons.name = 'required';
  if (form.id_number.trim()) {
    const id = checkIdNumber(form.id_number, today);
    if ('reason' in id) reasons.id_number = id.reason;
    else if (!id.info.female) reasons.id_number = 'not_female';
  }
  if (form.birth_date.trim()) {
    const d = parseDate(form.birth_date.trim());
    if (!d) reasons.birth_date = 'bad_format';
    else if (compareDates(d, today) > 0) reasons.birth_date = 'in_future';
  }
  if (form.disability_grade.trim() && !/^[0-4]$/.test(form.disability_grade.trim()))
    reasons.disability_grade = 'out_of_range';
  if (mode === 'edit' && entry && needsReason(entry, form) && !form.reason.trim())
    reasons.reason = 'required';
  return reasons;
}

export interface VisitForm {
  visited_on: string;
  visitors: string;
  seen: string[];
  findings: string;
  needs: string;
  follow_up: string;
  concern: boolean;
}

/** Client checks of the visit form: the date is required, a real date and not after today. */
export function checkVisit(form: VisitForm, today: CivilDate): Record<string, string> {
  const reasons: Record<string, string> = {};
  const d = parseDate(form.visited_on.trim());
  if (!form.visited_on.trim()) reasons.visited_on = 'required';
  else if (!d) reasons.visited_on = 'bad_format';
  else if (compareDates(d, today) > 0) reasons.visited_on = 'in_future';
  return reasons;
}

export function visitBody(form: VisitForm): Record<string, unknown> {
  return {
    visited_on: form.visited_on.trim(),
    visitors: form.visitors.trim(),
    seen: SEEN.filter((s) => form.seen.includes(s)),
    findings: form.findings.trim(),
    needs: form.needs.trim(),
    follow_up: form.follow_up.trim(),
    concern: form.concern,
  };
}

/** Counts typed into an activity form: students by "sex|age_band", other audiences by name. */
export type ParticipantCounts = Record<string, string>;
export interface Participant {
  audience: string;
  sex?: string;
  age_band?: string;
  n: number;
}

export const studentKey = (sex: string, band: string) => `${sex}|${band}`;

/**
 * The participants of an activity from the counts of its form: one item per filled-in count of a
 * chosen audience (students by sex and age band, the others as one number), in a fixed order.
 * Counts of audiences not chosen are dropped; a count that is not a whole number is reported.
 */
export function buildParticipants(
  audiences: readonly string[],
  students: ParticipantCounts,
  others: ParticipantCounts,
): { participants: Participant[]; bad: string[] } {
  const participants: Participant[] = [];
  const bad: string[] = [];
  const take = (key: string, text: string | undefined, item: Omit<Participant, 'n'>) => {
    const value = (text ?? '').trim();
    if (!value) return;
    if (!/^\d+$/.test(value)) {
      bad.push(key);
      return;
    }
    const n = Number(value);
    if (n > 0) participants.push({ ...item, n });
  };
  for (const audience of AUDIENCES) {
    if (!audiences.includes(audience)) continue;
    if (audience === 'students') {
      for (const sex of SEXES)
        for (const band of AGE_BANDS) {
          const key = studentKey(sex, band);
          take(key, students[key], { audience, sex, age_band: band });
        }
    } else {
      take(audience, others[audience], { audience });
    }
  }
  return { participants, bad };
}

export function participantsTotal(list: readonly Participant[]): number {
  return list.reduce((sum, p) => sum + p.n, 0);
}

export interface ActivityForm {
  kind: string;
  held_on: string;
  place: string;
  audiences: string[];
  materials: string;
  note: string;
}

export function checkActivity(
  form: ActivityForm,
  today: CivilDate,
  badCounts: readonly string[],
): Record<string, string> {
  const reasons: Record<string, string> = {};
  if (!form.kind) reasons.kind = 'required';
  const d = parseDate(form.held_on.trim());
  if (!form.held_on.trim()) reasons.held_on = 'required';
  else if (!d) reasons.held_on = 'bad_format';
  else if (compareDates(d, today) > 0) reasons.held_on = 'in_future';
  if (form.audiences.length === 0) reasons.audiences = 'required';
  if (badCounts.length) reasons.participants = 'negative';
  return reasons;
}

export interface StaffCheckForm {
  name: string;
  id_number: string;
  position: string;
  kind: string;
  checked_on: string;
  result: string;
}

export function checkStaffCheck(form: StaffCheckForm, today: CivilDate): Record<string, string> {
  const reasons: Record<string, string> = {};
  if (!form.name.trim()) reasons.name = 'required';
  const id = checkIdNumber(form.id_number, today);
  if ('reason' in id) reasons.id_number = id.reason;
  if (!form.kind) reasons.kind = 'required';
  const d = parseDate(form.checked_on.trim());
  if (!form.checked_on.trim()) reasons.checked_on = 'required';
  else if (!d) reasons.checked_on = 'bad_format';
  else if (compareDates(d, today) > 0) reasons.checked_on = 'in_future';
  if (!form.result) reasons.result = 'required';
  else if (form.kind && !STAFF_CHECK_RESULTS[form.kind]?.includes(form.result))
    reasons.result = 'unknown_value';
  return reasons;
}

/** One group count of /api/v1/prevention/stats: its codes and n (null when suppressed). */
export interface StatsCell {
  n: number | null;
  suppressed?: boolean;
  [key: string]: string | number | boolean | null | undefined;
}
export const STATS_GROUPS = [
  { name: 'registry', keys: ['vulnerability_class', 'unit_code', 'risk_level'] },
  { name: 'visits', keys: ['unit_code', 'timeliness'] },
  { name: 'visits_overdue', keys: ['unit_code'] },
  { name: 'activities', keys: ['kind', 'unit_code'] },
  { name: 'participants', keys: ['kind', 'unit_code'] },
  { name: 'staff_checks', keys: ['unit_code', 'result'] },
  { name: 'staff_rechecks_overdue', keys: ['unit_code'] },
] as const;
export type PreventionStats = {
  district_code: string;
  year: number;
  suppressed_below: number | null;
} & Partial<Record<(typeof STATS_GROUPS)[number]['name'], StatsCell[]>>;

/** The total of the counts shown; suppressed cells count as unknown, so the total says "≥". */
export function cellsTotal(cells: readonly StatsCell[]): string {
  const sum = cells.reduce((s, c) => s + (c.n ?? 0), 0);
  return cells.some((c) => c.n === null) ? `≥ ${sum}` : String(sum);
}
