// What the case page's recording forms need to know about proceedings, services and the recorded
// interview, mirroring src/domain/proceedings.cc and src/service/assistance_service.cc: the
// stages with the unit kind that records each, which need a reason and which take 优先; the
// service types with the unit kind that delivers each; who may record what; and the client-side
// checks of the values (the server stays the authority and its field errors are shown the same
// way). Each check returns the server's reason code or null.

export interface StageInfo {
  code: string;
  zh: string;
  en: string;
  unitKind: 'police' | 'procuratorate' | 'court';
  needsReason: boolean; // 不立案, 不批捕
  priorityTarget: boolean; // procuratorate and court stages with a clock: 优先 halves the time
  clock: boolean; // closes a statutory clock (complex cases have a longer limit)
}

export const STAGES: readonly StageInfo[] = [
  {
    code: 'police_registered',
    zh: '受案',
    en: 'Registered by police',
    unitKind: 'police',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
  {
    code: 'case_filed',
    zh: '立案',
    en: 'Case filed',
    unitKind: 'police',
    needsReason: false,
    priorityTarget: false,
    clock: true,
  },
  {
    code: 'case_not_filed',
    zh: '不立案',
    en: 'Case not filed',
    unitKind: 'police',
    needsReason: true,
    priorityTarget: false,
    clock: true,
  },
  {
    code: 'solved',
    zh: '破案',
    en: 'Solved',
    unitKind: 'police',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
  {
    code: 'arrest_requested',
    zh: '提请批捕',
    en: 'Arrest requested',
    unitKind: 'police',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
  {
    code: 'arrest_approved',
    zh: '批捕',
    en: 'Arrest approved',
    unitKind: 'procuratorate',
    needsReason: false,
    priorityTarget: true,
    clock: true,
  },
  {
    code: 'arrest_not_approved',
    zh: '不批捕',
    en: 'Arrest not approved',
    unitKind: 'procuratorate',
    needsReason: true,
    priorityTarget: true,
    clock: true,
  },
  {
    code: 'transferred_for_prosecution',
    zh: '移送起诉',
    en: 'Transferred for prosecution',
    unitKind: 'police',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
  {
    code: 'prosecuted',
    zh: '提起公诉',
    en: 'Prosecuted',
    unitKind: 'procuratorate',
    needsReason: false,
    priorityTarget: true,
    clock: true,
  },
  {
    code: 'trial_filed',
    zh: '一审立案',
    en: 'First-instance trial filed',
    unitKind: 'court',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
  {
    code: 'first_instance_judgment',
    zh: '一审判决',
    en: 'First-instance judgment',
    unitKind: 'court',
    needsReason: false,
    priorityTarget: true,
    clock: true,
  },
  {
    code: 'enforced',
    zh: '执行',
    en: 'Enforced',
    unitKind: 'court',
    needsReason: false,
    priorityTarget: false,
    clock: false,
  },
];

export function stageInfo(code: string): StageInfo | undefined {
  return STAGES.find((s) => s.code === code);
}

export interface ServiceTypeInfo {
  code: string;
  zh: string;
  en: string;
  unitKind: string;
}

export const SERVICE_TYPES: readonly ServiceTypeInfo[] = [
  {
    code: 'procuratorate_judicial_aid',
    zh: '司法救助',
    en: 'Judicial aid',
    unitKind: 'procuratorate',
  },
  { code: 'justice_legal_aid', zh: '法律援助', en: 'Legal aid', unitKind: 'justice' },
  { code: 'health_treatment', zh: '医疗救治', en: 'Medical treatment', unitKind: 'health' },
  { code: 'health_forensic_exam', zh: '法医检查', en: 'Forensic examination', unitKind: 'health' },
  { code: 'health_counselling', zh: '心理疏导', en: 'Counselling', unitKind: 'health' },
  { code: 'health_rehabilitation', zh: '康复', en: 'Rehabilitation', unitKind: 'health' },
  { code: 'civil_affairs_living_aid', zh: '生活救助', en: 'Living aid', unitKind: 'civil_affairs' },
  {
    code: 'civil_affairs_custody',
    zh: '临时监护/安置',
    en: 'Temporary custody / placement',
    unitKind: 'civil_affairs',
  },
  {
    code: 'disability_aid',
    zh: '残疾救助/康复',
    en: 'Disability aid and rehabilitation',
    unitKind: 'disability',
  },
  {
    code: 'education_placement',
    zh: '复学/转学安置',
    en: 'Return to or change of school',
    unitKind: 'education',
  },
  {
    code: 'education_school_protection',
    zh: '校内保护',
    en: 'Protection at school',
    unitKind: 'education',
  },
  { code: 'community_home_visit', zh: '家访', en: 'Home visit', unitKind: 'community' },
  {
    code: 'community_guardianship_guidance',
    zh: '监护指导',
    en: 'Guardianship guidance',
    unitKind: 'community',
  },
  {
    code: 'womens_federation_psych_support',
    zh: '心理支持',
    en: 'Psychological support',
    unitKind: 'womens_federation',
  },
  {
    code: 'womens_federation_legal_advice',
    zh: '法律咨询',
    en: 'Legal advice',
    unitKind: 'womens_federation',
  },
  {
    code: 'womens_federation_care',
    zh: '爱心帮扶',
    en: 'Care and support',
    unitKind: 'womens_federation',
  },
  { code: 'social_org_social_work', zh: '社工服务', en: 'Social work', unitKind: 'social_org' },
  { code: 'social_org_volunteer', zh: '志愿帮扶', en: 'Volunteer support', unitKind: 'social_org' },
];

/** The caller as the recording rules see her: role, her view of the case, her unit's kind. */
export interface Recorder {
  role: string;
  view: string | undefined;
  unitKind: string | undefined;
}

/**
 * Whether the caller may record something a unit of `kind` records: the masked view of the case
 * and either the coordinator role or a caseworker of a unit of that kind.
 */
export function mayRecord(who: Recorder, kind: string): boolean {
  if (who.view !== 'masked') return false;
  if (who.role === 'coordinator') return true;
  return who.role === 'caseworker' && who.unitKind === kind;
}

export const stagesFor = (who: Recorder) => STAGES.filter((s) => mayRecord(who, s.unitKind));
export const serviceTypesFor = (who: Recorder) =>
  SERVICE_TYPES.filter((s) => mayRecord(who, s.unitKind));
export const mayRecordInterview = (who: Recorder) =>
  mayRecord(who, 'police') || mayRecord(who, 'procuratorate');
export const mayRecordFollowup = (who: Recorder) =>
  who.view === 'masked' && (who.role === 'coordinator' || who.role === 'caseworker');

const pad = (n: number) => String(n).padStart(2, '0');

/** Now in China (UTC+8) as a datetime-local value, "YYYY-MM-DDTHH:MM". */
export function nowInShanghaiLocal(nowMillis: number = Date.now()): string {
  const d = new Date(nowMillis + 8 * 3600 * 1000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/** A datetime-local value read as China time → ISO 8601 with its offset, as the server wants. */
export function shanghaiLocalToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

/** A moment typed as China time: required, well-formed, not in the future. */
export function checkInstant(value: string, nowMillis: number = Date.now()): string | null {
  if (!value) return 'required';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return 'bad_format';
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const millis = Date.UTC(y, mo - 1, d, h - 8, mi, s);
  const back = new Date(millis + 8 * 3600 * 1000);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59)
    return 'bad_format';
  // A minute of grace for the clock of this computer against the server's.
  if (millis > nowMillis + 60_000) return 'in_future';
  return null;
}

/** An amount in yuan as the server reads it: "1234", "1234.5", "1234.50"; empty is none. */
export function checkYuan(text: string): string | null {
  const v = text.trim();
  if (!v) return null;
  if (v.startsWith('-')) return 'negative';
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return 'bad_format';
  if (v.split('.')[0].length > 8) return 'out_of_range';
  return null;
}

/** Hours or sessions: empty, or a number in 0..1000 (sessions whole). */
export function checkQuantity(text: string, whole: boolean): string | null {
  const v = text.trim();
  if (!v) return null;
  if (whole ? !/^\d+$/.test(v) : !/^\d+(\.\d+)?$/.test(v)) return 'bad_format';
  return Number(v) > 1000 ? 'out_of_range' : null;
}

/** "YYYY-MM-DD", not after `today` ("YYYY-MM-DD" too). */
export function checkDay(text: string, today: string): string | null {
  if (!text) return 'required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'bad_format';
  return text > today ? 'in_future' : null;
}

export interface StageForm {
  stage: string;
  at: string;
  reason: string;
  priority: boolean;
}

/** The field errors of a stage before it is sent, by the server's field names. */
export function checkStage(form: StageForm, nowMillis: number = Date.now()) {
  const reasons: Record<string, string> = {};
  const info = stageInfo(form.stage);
  if (!form.stage) reasons.stage = 'required';
  else if (!info) reasons.stage = 'unknown_value';
  const at = checkInstant(form.at, nowMillis);
  if (at) reasons.at = at;
  if (info?.needsReason && !form.reason.trim()) reasons.reason = 'required';
  if (form.priority && info && !info.priorityTarget) reasons.priority = 'not_applicable';
  return reasons;
}

export interface ServiceForm {
  service_type: string;
  unit_id: number | null;
  delivered_on: string;
  hours: string;
  sessions: string;
  amount_yuan: string;
}

export function checkService(form: ServiceForm, today: string, needUnit: boolean) {
  const reasons: Record<string, string> = {};
  if (!form.service_type) reasons.service_type = 'required';
  else if (!SERVICE_TYPES.some((s) => s.code === form.service_type))
    reasons.service_type = 'unknown_value';
  if (needUnit && !form.unit_id) reasons.unit_id = 'required';
  const day = checkDay(form.delivered_on, today);
  if (day) reasons.delivered_on = day;
  const hours = checkQuantity(form.hours, false);
  if (hours) reasons.hours = hours;
  const sessions = checkQuantity(form.sessions, true);
  if (sessions) reasons.sessions = sessions;
  const yuan = checkYuan(form.amount_yuan);
  if (yuan) reasons.amount_yuan = yuan;
  return reasons;
}
