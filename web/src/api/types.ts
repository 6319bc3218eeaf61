// Shapes the UI reads: the generated schema (src/generated/schema.d.ts, from the server's OpenAPI
// document) wherever it describes them in detail, and the view-dependent members of a case that
// the document leaves open.
import type { components } from '../generated/schema';

export type Unit = components['schemas']['Unit'];
export type User = components['schemas']['User'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type Task = components['schemas']['Task'];
export type Assessment = components['schemas']['Assessment'];
export type Escalation = components['schemas']['Escalation'];
export type FollowUp = components['schemas']['Followup'];

export interface ChildView {
  id?: number;
  name?: string;
  id_number?: string;
  birth_date?: string;
  address?: string;
  school?: string;
  guardian?: string;
  phone?: string;
  ethnicity?: string;
  grade?: string;
  district_code?: string;
  vulnerability_classes?: string[];
  masked?: boolean;
}

export interface IncidentView {
  id: number;
  occurred_on: string;
  place_type: string;
  district_code: string;
  online: boolean;
  perpetrator_relationship: string;
  perpetrator_count: number;
  narrative?: string;
}

export interface CaseView {
  id: number;
  case_number: string;
  status: string;
  view: 'receipt' | 'pseudonymous' | 'deidentified' | 'masked';
  version: number;
  reported_at?: string;
  created_at?: string;
  harm_types?: string[];
  aggravating_flags?: string[];
  risk_level?: string;
  intake_channel?: string;
  reporter_category?: string;
  situation_code?: string;
  discovered_at?: string;
  late?: boolean;
  lead_unit_id?: number | null;
  district_code?: string;
  legal_basis?: string;
  age_at_incident?: number | null;
  age?: number | null;
  pseudonym?: string;
  needs?: { harm_types: string[]; vulnerability_classes: string[] };
  child?: ChildView;
  incidents?: IncidentView[];
  allowed_actions?: string[];
  overdue?: boolean;
  open_tasks?: number;
}

export interface CasePage {
  items: CaseView[];
  next_before: number | null;
}

export interface CaseEvent {
  id: number;
  at: string;
  kind: string;
  detail: Record<string, unknown>;
  user_id: number | null;
  unit_id: number | null;
}

export interface ProposedTask {
  unit_kind: string;
  unit_id: number | null;
  unit_name: string;
  task_type: string;
  priority: boolean;
  rule?: string;
  note?: string;
}

export interface Notification {
  id: number;
  kind: string;
  case_id: number | null;
  case_number: string | null;
  task_id: number | null;
  text_key: string;
  created_at: string;
  read_at: string | null;
}

/** Due time of a task's running clock: accepting while pending, completing once accepted. */
export function taskDue(task: Task): string | null {
  if (task.state === 'pending') return task.accept_due ?? null;
  if (task.state === 'accepted') return task.done_due ?? null;
  return null;
}

// The prevention module: the at-risk registry (重点关注名册), its visits, activities, 入职查询.
export type RegistryEntry = components['schemas']['RegistryEntry'];
export type RegistryPage = components['schemas']['RegistryPage'];
export type RegistryVisit = NonNullable<RegistryEntry['visits']>[number];
export type RegistryHistory = NonNullable<RegistryEntry['history']>[number];

export interface RegistryEscalation {
  id: number;
  entry_id: number;
  unit_code: string;
  unit_name: string;
  due_on: string;
  days_overdue: number;
  state: string;
  raised_at: string;
}

export interface Activity {
  id: number;
  unit_id: number;
  district_code: string;
  kind: string;
  held_on: string;
  place: string;
  co_organisers: string[];
  audiences: string[];
  participants: unknown;
  participants_total: number;
  materials: string;
  note: string;
  created_at: string;
}

export interface StaffCheck {
  id: number;
  unit_code: string;
  name: string;
  id_number: string;
  position: string;
  kind: string;
  checked_on: string;
  result: string;
  next_due_on: string | null;
  current: boolean;
  overdue: boolean;
}
