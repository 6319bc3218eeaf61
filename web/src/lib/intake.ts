// The intake form's model, with the server's dotted field names as keys, and its request body.
import { shanghaiDateTime, type IntakeFields } from './validation';

export interface IntakeModel {
  'child.name': string;
  'child.id_number': string;
  'child.birth_date': string;
  'child.ethnicity': string;
  'child.school': string;
  'child.grade': string;
  'child.guardian': string;
  'child.phone': string;
  'child.address': string;
  'child.district_code': string;
  'child.vulnerability_classes': string[];
  'incident.occurred_on': string;
  'incident.place_type': string;
  'incident.district_code': string;
  'incident.online': boolean;
  'incident.perpetrator_relationship': string;
  'incident.perpetrator_count': number;
  'incident.narrative': string;
  harm_types: string[];
  aggravating_flags: string[];
  intake_channel: string;
  reporter_category: string;
  situation_code: string;
  /** "YYYY-MM-DDTHH:MM" as typed, China time. */
  discovered_at: string;
  reported_at: string;
  legal_basis: string;
}

export const INTAKE_FIELDS: readonly (keyof IntakeModel)[] = [
  'child.name',
  'child.id_number',
  'child.birth_date',
  'child.ethnicity',
  'child.school',
  'child.grade',
  'child.guardian',
  'child.phone',
  'child.address',
  'child.district_code',
  'child.vulnerability_classes',
  'incident.occurred_on',
  'incident.place_type',
  'incident.district_code',
  'incident.online',
  'incident.perpetrator_relationship',
  'incident.perpetrator_count',
  'incident.narrative',
  'harm_types',
  'aggravating_flags',
  'intake_channel',
  'reporter_category',
  'situation_code',
  'discovered_at',
  'reported_at',
  'legal_basis',
];

export function emptyIntake(): IntakeModel {
  return {
    'child.name': '',
    'child.id_number': '',
    'child.birth_date': '',
    'child.ethnicity': '',
    'child.school': '',
    'child.grade': '',
    'child.guardian': '',
    'child.phone': '',
    'child.address': '',
    'child.district_code': '',
    'child.vulnerability_classes': [],
    'incident.occurred_on': '',
    'incident.place_type': '',
    'incident.district_code': '',
    'incident.online': false,
    'incident.perpetrator_relationship': '',
    'incident.perpetrator_count': 1,
    'incident.narrative': '',
    harm_types: [],
    aggravating_flags: [],
    intake_channel: '',
    reporter_category: '',
    situation_code: '',
    discovered_at: '',
    reported_at: '',
    legal_basis: 'statutory_duty',
  };
}

/** What the client-side checks look at. */
export function intakeFieldsOf(m: IntakeModel): IntakeFields {
  return {
    ...m,
    discovered_at: shanghaiDateTime(m.discovered_at),
    reported_at: shanghaiDateTime(m.reported_at),
  };
}

/** The JSON body: nested objects, empty values left out, the ID number's x upper-cased. */
export function intakeBody(m: IntakeModel, kind: 'case' | 'mandatory_report' | 'hotline') {
  const child: Record<string, unknown> = {};
  const incident: Record<string, unknown> = {};
  const body: Record<string, unknown> = { child, incident };
  for (const key of INTAKE_FIELDS) {
    let value: unknown = m[key];
    if (typeof value === 'string') value = value.trim();
    if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'child.id_number') value = (value as string).toUpperCase();
    if (key === 'discovered_at' || key === 'reported_at') value = shanghaiDateTime(value as string);
    if (key === 'incident.online' && value === false) continue;
    if (kind === 'mandatory_report' && (key === 'reported_at' || key === 'intake_channel'))
      continue;
    if (kind === 'hotline' && key === 'intake_channel') continue;
    if (key.startsWith('child.')) child[key.slice(6)] = value;
    else if (key.startsWith('incident.')) incident[key.slice(9)] = value;
    else body[key] = value;
  }
  return body;
}

/** A datetime-local value for "now" in China time ("YYYY-MM-DDTHH:MM"). */
export function nowLocal(nowMillis: number = Date.now()): string {
  return new Date(nowMillis + 8 * 3600 * 1000).toISOString().slice(0, 16);
}
