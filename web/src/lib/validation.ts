// Client-side checks that mirror the server's intake validation (src/domain/intake.cc and
// id_number.cc), so a form marks a mistake before it is sent. The server stays the authority:
// its field errors are shown the same way. Each check returns a reason code (the server's codes)
// or null; `reasonMessage` turns a code into text.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(d: CivilDate): boolean {
  return (
    Number.isInteger(d.year) &&
    d.year >= 1 &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "YYYY-MM-DD" → CivilDate, or null if not a real date in that exact form. */
export function parseDate(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDate(d) ? d : null;
}

export function formatDate(d: CivilDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** Today's calendar date in China (UTC+8), as the server counts it. */
export function todayInShanghai(nowMillis: number = Date.now()): CivilDate {
  const d = new Date(nowMillis + 8 * 3600 * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole years from `birth` to `on` (a birthday on 29 February counts from 1 March). */
export function ageInYears(birth: CivilDate, on: CivilDate): number {
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age -= 1;
  return age;
}

/** The MOD 11-2 check character for 17 digits, or null if the input is not 17 digits. */
export function idCheckDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

export interface IdNumberInfo {
  normalised: string;
  birthDate: CivilDate;
  female: boolean;
}

/** GB 11643-1999, in the server's order of checks. A lower-case x is accepted as X. */
export function checkIdNumber(
  text: string,
  today: CivilDate = todayInShanghai(),
): { reason: string } | { info: IdNumberInfo } {
  const trimmed = text.trim();
  if (!trimmed) return { reason: 'required' };
  if ([...trimmed].length !== 18) return { reason: 'bad_length' };
  let number = trimmed;
  if (number.endsWith('x')) number = number.slice(0, 17) + 'X';
  if (!/^\d{17}[\dX]$/.test(number)) return { reason: 'bad_format' };
  const birth = {
    year: Number(number.slice(6, 10)),
    month: Number(number.slice(10, 12)),
    day: Number(number.slice(12, 14)),
  };
  if (!isValidDate(birth) || birth.year < 1900) return { reason: 'bad_birth_date' };
  if (compareDates(birth, today) > 0) return { reason: 'future_birth_date' };
  if (idCheckDigit(number.slice(0, 17)) !== number[17]) return { reason: 'bad_check_digit' };
  return { info: { normalised: number, birthDate: birth, female: Number(number[16]) % 2 === 0 } };
}

export function isDistrictCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCES.has(Number(code.slice(0, 2)));
}

export function isPhoneNumber(text: string): boolean {
  let s = text;
  if (s.startsWith('+86')) s = s.slice(3);
  if (/^1[3-9]\d{9}$/.test(s)) return true;
  if (text.startsWith('+86') || !s.startsWith('0')) return false;
  const dashes = (s.match(/-/g) ?? []).length;
  const digits = s.replace(/-/g, '');
  return dashes <= 1 && /^\d{10,12}$/.test(digits);
}

/** Milliseconds since the epoch for "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)", else null. */
export function parseDateTime(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    text,
  );
  if (!m) return null;
  const date = parseDate(m[1]);
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  const second = m[4] ? Number(m[4]) : 0;
  if (!date || hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[5] !== 'Z') {
    const sign = m[5][0] === '+' ? 1 : -1;
    const oh = Number(m[5].slice(1, 3));
    const om = Number(m[5].slice(4, 6));
    if (oh > 14 || om > 59) return null;
    offset = sign * (oh * 60 + om);
  }
  return Date.UTC(date.year, date.month - 1, date.day, hour, minute, second) - offset * 60 * 1000;
}

/** A local datetime-picker value ("YYYY-MM-DDTHH:MM[:SS]", China time) as ISO with +08:00. */
export function shanghaiDateTime(local: string): string {
  if (!local) return '';
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return `${withSeconds}+08:00`;
}

function startOfDayShanghai(d: CivilDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) - 8 * 3600 * 1000;
}

export interface IntakeFields {
  'child.name'?: string;
  'child.id_number'?: string;
  'child.birth_date'?: string;
  'child.phone'?: string;
  'child.district_code'?: string;
  'incident.occurred_on'?: string;
  'incident.district_code'?: string;
  harm_types?: string[];
  intake_channel?: string;
  reporter_category?: string;
  situation_code?: string;
  discovered_at?: string; // ISO with offset
  reported_at?: string; // ISO with offset; empty = now
}

export type IntakeKind = 'case' | 'mandatory_report' | 'hotline';

/**
 * Every field error at once, like the server: field name → reason code. Covers what can be
 * decided in the browser (shape, ID number, age on the incident date, the order of dates).
 */
export function validateIntake(
  f: IntakeFields,
  kind: IntakeKind,
  nowMillis: number = Date.now(),
): Record<string, string> {
  const errors: Record<string, string> = {};
  const today = todayInShanghai(nowMillis);
  const name = (f['child.name'] ?? '').trim();
  if (!name && kind !== 'hotline') errors['child.name'] = 'required';
  else if ([...name].length > 64) errors['child.name'] = 'too_long';

  let birth: CivilDate | null = null;
  const idText = f['child.id_number'] ?? '';
  if (idText.trim()) {
    const id = checkIdNumber(idText, today);
    if ('reason' in id) errors['child.id_number'] = id.reason;
    else birth = id.info.birthDate;
  }
  const birthText = f['child.birth_date'] ?? '';
  if (birthText) {
    const b = parseDate(birthText);
    if (!b) errors['child.birth_date'] = 'bad_format';
    else if (compareDates(b, today) > 0) errors['child.birth_date'] = 'in_future';
    else if (birth && compareDates(birth, b) !== 0)
      errors['child.birth_date'] = 'id_number_mismatch';
    else birth = b;
  }
  const phone = f['child.phone'] ?? '';
  if (phone && !isPhoneNumber(phone)) errors['child.phone'] = 'bad_format';
  const district = f['child.district_code'] ?? '';
  if (!district) errors['child.district_code'] = 'required';
  else if (!isDistrictCode(district)) errors['child.district_code'] = 'bad_format';

  const occurredText = f['incident.occurred_on'] ?? '';
  const occurred = occurredText ? parseDate(occurredText) : null;
  if (!occurredText) errors['incident.occurred_on'] = 'required';
  else if (!occurred) errors['incident.occurred_on'] = 'bad_format';
  else if (compareDates(occurred, today) > 0) errors['incident.occurred_on'] = 'in_future';
  else if (birth) {
    if (compareDates(occurred, birth) < 0) errors['incident.occurred_on'] = 'before_birth';
    else if (ageInYears(birth, occurred) >= 18)
      errors['child.birth_date'] = 'not_minor_on_incident_date';
  }
  const incidentDistrict = f['incident.district_code'] ?? '';
  if (incidentDistrict && !isDistrictCode(incidentDistrict))
    errors['incident.district_code'] = 'bad_format';

  if (!f.harm_types || f.harm_types.length === 0) errors.harm_types = 'required';
  if (kind === 'mandatory_report') {
    if (!f.reporter_category) errors.reporter_category = 'required';
    if (!f.situation_code) errors.situation_code = 'required';
  } else if (kind === 'case' && !f.intake_channel) {
    errors.intake_channel = 'required';
  }

  let reportedAt = nowMillis;
  if (f.reported_at) {
    const r = parseDateTime(f.reported_at);
    if (r === null) errors.reported_at = 'bad_format';
    else if (r > nowMillis) errors.reported_at = 'in_future';
    else reportedAt = r;
  }
  const discoveredText = f.discovered_at ?? '';
  const discovered = discoveredText ? parseDateTime(discoveredText) : null;
  if (!discoveredText) errors.discovered_at = 'required';
  else if (discovered === null) errors.discovered_at = 'bad_format';
  else if (discovered > nowMillis) errors.discovered_at = 'in_future';
  else if (discovered > reportedAt) errors.discovered_at = 'after_report';
  else if (occurred && !errors['incident.occurred_on'] && startOfDayShanghai(occurred) > discovered)
    errors['incident.occurred_on'] = 'after_discovery';
  return errors;
}
