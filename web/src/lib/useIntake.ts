// Submitting an intake form: client checks first, then one POST with this form instance's
// Idempotency-Key (a double click or a retry after a lost answer makes one case), server field
// errors beside the fields.
import { reactive, ref } from 'vue';
import { api, newIdempotencyKey } from '../api/client';
import { useFormErrors } from './format';
import { emptyIntake, intakeBody, intakeFieldsOf, INTAKE_FIELDS, type IntakeModel } from './intake';
import { validateIntake } from './validation';

export interface CaseAnswer {
  id: number;
  case_number: string;
  status: string;
  view: string;
}

export function useIntake(kind: 'case' | 'mandatory_report', endpoint: string) {
  const model = ref<IntakeModel>(emptyIntake());
  const errors = useFormErrors();
  const busy = ref(false);
  const result = ref<CaseAnswer | null>(null);
  const state = reactive({ key: newIdempotencyKey() });

  async function submit(): Promise<void> {
    if (busy.value) return;
    if (!errors.fromReasons(validateIntake(intakeFieldsOf(model.value), kind))) return;
    busy.value = true;
    try {
      const { data } = await api.post<CaseAnswer>(endpoint, intakeBody(model.value, kind), {
        headers: { 'Idempotency-Key': state.key },
      });
      result.value = data;
    } catch (e) {
      errors.fromApi(e, INTAKE_FIELDS as readonly string[]);
    } finally {
      busy.value = false;
    }
  }

  function reset(keep: Partial<IntakeModel> = {}): void {
    model.value = { ...emptyIntake(), ...keep };
    errors.clear();
    result.value = null;
    state.key = newIdempotencyKey();
  }

  return { model, errors, busy, result, submit, reset, state };
}

/** The district code of the signed-in user's unit, to prefill forms (empty if unknown). */
export async function myDistrict(unitId: number | undefined): Promise<string> {
  if (!unitId) return '';
  try {
    const { data } = await api.get<{ items: { id: number; district_code: string }[] }>(
      '/api/v1/units',
    );
    return data.items.find((u) => u.id === unitId)?.district_code ?? '';
  } catch {
    return '';
  }
}
