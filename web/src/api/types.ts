// Shapes the UI reads. The generated schema (src/generated/schema.d.ts) is the contract for what
// the OpenAPI document describes in detail; these add the fields it leaves open (the case's
// view-dependent members) and the workflow resources as /work/workflow-contract.md gives them.
import type { components } from '../generated/schema';

export type Unit = components['schemas']['Unit'];
export type User = components['schemas']['User'];
export type AuditEntry = components['schemas']['AuditEntry'];

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

export interface Task {
  id: number;
  case_id: number;
  case_number: string;
  unit_id: number;
  unit_name: string;
  task_type: string;
  state: 'pending' | 'accepted' | 'completed' | 'returned';
  priority: boolean;
  risk_level: string;
  created_at: string;
  accept_due: string | null;
  done_due: string | null;
  accepted_at: string | null;
  completed_at: string | null;
  returned_at: string | null;
  outcome: string | null;
  reason: string | null;
  overdue: boolean;
  overdue_kind: 'accept' | 'done' | null;
  version: number;
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

export interface Assessment {
  id: number;
  case_id: number;
  at: string;
  user_id: number;
  risk_level: string;
  harm_types: string[];
  aggravating_flags: string[];
  vulnerability_classes: string[];
  reason: string;
}

export interface Escalation {
  id: number;
  task_id: number;
  case_id: number;
  case_number: string;
  unit_id: number;
  unit_name: string;
  task_type: string;
  kind: 'accept_overdue' | 'done_overdue';
  state: 'open' | 'closed';
  raised_at: string;
  closed_at: string | null;
  close_reason: string | null;
  comments: { at: string; user_id: number; username: string; text: string }[];
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

export interface FollowUp {
  id: number;
  case_id: number;
  due_on: string;
  state: 'due' | 'done' | 'missed';
  done_at: string | null;
  note: string | null;
}

/** Due time of a task's running clock: accepting while pending, completing once accepted. */
export function taskDue(task: Task): string | null {
  if (task.state === 'pending') return task.accept_due;
  if (task.state === 'accepted') return task.done_due;
  return null;
}
