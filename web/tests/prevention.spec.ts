import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import type { RegistryEntry } from '../src/api/types';
import RegistryForm from '../src/components/RegistryForm.vue';
import VisitForm from '../src/components/VisitForm.vue';
import zhCN from '../src/i18n/zh-CN';
import en from '../src/i18n/en';
import {
  blankEntryForm,
  buildParticipants,
  cellsTotal,
  checkActivity,
  checkEntry,
  checkStaffCheck,
  checkVisit,
  createBody,
  entryFormOf,
  needsReason,
  participantsTotal,
  patchBody,
  riskRank,
  studentKey,
  visitBody,
} from '../src/lib/prevention';

const today = { year: 2026, month: 12, day: 7 };
const entry: RegistryEntry = {
  id: 4,
  version: 3,
  state: 'active',
  grade: '三年级',
  family_situations: ['father_away', 'mother_away'],
  caregiver: 'grandparents',
  disability_type: '',
  disability_grade: 0,
  vulnerability_classes: ['left_behind'],
  risk_level: 'medium',
  identity: { name: '王*', id_number: '2301**********0029' },
};

describe('the reason rule', () => {
  it('ranks the risk levels, unset below all', () => {
    expect(riskRank('high')).toBeGreaterThan(riskRank('medium'));
    expect(riskRank('low')).toBeGreaterThan(riskRank('no_intervention'));
    expect(riskRank('')).toBe(-1);
  });

  it('asks for a reason when lowering the risk or closing, not when raising', () => {
    expect(needsReason(entry, { risk_level: 'low', state: 'active' })).toBe(true);
    expect(needsReason(entry, { risk_level: 'no_intervention' })).toBe(true);
    expect(needsReason(entry, { risk_level: 'high', state: 'active' })).toBe(false);
    expect(needsReason(entry, { risk_level: 'medium', state: 'active' })).toBe(false);
    expect(needsReason(entry, { risk_level: 'medium', state: 'closed' })).toBe(true);
    expect(needsReason({ state: 'closed' }, { state: 'closed' })).toBe(false);
    // Setting a first level lowers nothing.
    expect(needsReason({ risk_level: '' }, { risk_level: 'low' })).toBe(false);
  });

  it('marks the missing reason beside its field in an edit', () => {
    const form = { ...entryFormOf(entry), risk_level: 'low' };
    expect(checkEntry(form, today, 'edit', entry)).toEqual({ reason: 'required' });
    expect(checkEntry({ ...form, reason: '情况好转' }, today, 'edit', entry)).toEqual({});
  });
});

describe('the entry bodies', () => {
  it('leaves the empty fields out of an addition and needs a name', () => {
    const form = { ...blankEntryForm(), name: ' 李小红 ', grade: '五年级' };
    form.vulnerability_classes = ['left_behind'];
    expect(createBody(form)).toEqual({
      name: '李小红',
      grade: '五年级',
      vulnerability_classes: ['left_behind'],
    });
    expect(checkEntry(blankEntryForm(), today, 'create')).toEqual({ name: 'required' });
  });

  it('refuses a male ID number and a birth date after today', () => {
    const form = { ...blankEntryForm(), name: '甲', birth_date: '2027-01-01' };
    form.id_number = '11010520100101001X';
    const reasons = checkEntry(form, today, 'create');
    expect(reasons.birth_date).toBe('in_future');
    expect(reasons.id_number).toBeTruthy();
  });

  it('sends only what changed, the reason only when needed', () => {
    const same = entryFormOf(entry);
    expect(patchBody(entry, same)).toEqual({});
    const reordered = { ...same, family_situations: ['mother_away', 'father_away'] };
    expect(patchBody(entry, reordered)).toEqual({});
    const raised = { ...same, risk_level: 'high', reason: 'ignored' };
    expect(patchBody(entry, raised)).toEqual({ risk_level: 'high' });
    const closed = { ...same, state: 'closed', reason: ' 已转学 ', phone: '13800000000' };
    expect(patchBody(entry, closed)).toEqual({
      state: 'closed',
      reason: '已转学',
      phone: '13800000000',
    });
    const cleared = { ...same, caregiver: '', vulnerability_classes: [] };
    expect(patchBody(entry, cleared)).toEqual({ caregiver: '', vulnerability_classes: [] });
  });
});

describe('participants of an activity', () => {
  it('gives students by sex and age band and the other audiences one count', () => {
    const students = {
      [studentKey('female', 'age_7_12')]: '12',
      [studentKey('male', 'age_7_12')]: ' 10 ',
      [studentKey('female', 'age_13_15')]: '',
      [studentKey('male', 'age_0_6')]: '0',
    };
    const { participants, bad } = buildParticipants(['guardians', 'students'], students, {
      guardians: '20',
      teachers: '5',
    });
    expect(bad).toEqual([]);
    expect(participants).toEqual([
      { audience: 'students', sex: 'female', age_band: 'age_7_12', n: 12 },
      { audience: 'students', sex: 'male', age_band: 'age_7_12', n: 10 },
      { audience: 'guardians', n: 20 },
    ]);
    expect(participantsTotal(participants)).toBe(42);
  });

  it('reports counts that are not whole numbers and needs an audience', () => {
    const { bad } = buildParticipants(
      ['students', 'teachers'],
      { 'female|age_0_6': '-3' },
      {
        teachers: '2.5',
      },
    );
    expect(bad).toEqual(['female|age_0_6', 'teachers']);
    const form = {
      kind: '',
      held_on: '2026-12-08',
      place: '',
      audiences: [],
      materials: '',
      note: '',
    };
    expect(checkActivity(form, today, bad)).toEqual({
      kind: 'required',
      held_on: 'in_future',
      audiences: 'required',
      participants: 'negative',
    });
  });
});

describe('visits and staff checks', () => {
  it('refuses a visit dated after today and keeps the seen in order', () => {
    const form = {
      visited_on: '2026-12-08',
      visitors: '',
      seen: ['teacher', 'girl'],
      findings: ' 在家 ',
      needs: '',
      follow_up: '',
      concern: false,
    };
    expect(checkVisit(form, today)).toEqual({ visited_on: 'in_future' });
    expect(checkVisit({ ...form, visited_on: '' }, today)).toEqual({ visited_on: 'required' });
    expect(checkVisit({ ...form, visited_on: '2026-12-07' }, today)).toEqual({});
    expect(visitBody(form)).toMatchObject({ seen: ['girl', 'teacher'], findings: '在家' });
  });

  it('matches the result to the kind of check', () => {
    const form = {
      name: '张老师',
      id_number: '11010519800101002X',
      position: '教师',
      kind: 'yearly',
      checked_on: '2026-12-01',
      result: 'record_not_hired',
    };
    const reasons = checkStaffCheck(form, today);
    expect(reasons.result).toBe('unknown_value');
    expect(checkStaffCheck({ ...form, result: 'record_dismissed' }, today).result).toBeUndefined();
  });
});

describe('prevention figures', () => {
  it('adds the counts shown and marks a total with suppressed cells as a lower bound', () => {
    expect(cellsTotal([{ n: 3 }, { n: 4 }])).toBe('7');
    expect(cellsTotal([{ n: 6 }, { n: null, suppressed: true }])).toBe('≥ 6');
    expect(cellsTotal([])).toBe('0');
  });
});

describe('visit form', () => {
  const global = {
    plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })],
  };

  it('posts the visit and puts the server refusal beside the date', async () => {
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(
        JSON.stringify({
          error: {
            code: 'invalid_field',
            message: '请检查标出的字段',
            fields: { visited_on: '日期不能晚于今天' },
          },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      );
    }) as typeof fetch;
    const w = mount(VisitForm, { props: { entryId: 9 }, global });
    await w.find('[data-seen="girl"]').setValue(true);
    await w.find('#vf-findings').setValue('孩子在家，精神状态好');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('/api/v1/registry/9/visits');
    expect(sent[0].body).toMatchObject({ seen: ['girl'], findings: '孩子在家，精神状态好' });
    expect(w.text()).toContain('日期不能晚于今天');
    w.unmount();
  });
});

describe('registry edit form', () => {
  const global = {
    plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })],
  };

  it('asks for a reason when lowering the risk and sends If-Match with the version', async () => {
    const sent: { url: string; method: string; body: unknown; ifMatch: string }[] = [];
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      sent.push({
        url,
        method: String(init.method),
        body: JSON.parse(String(init.body)),
        ifMatch: (init.headers as Record<string, string>)['If-Match'],
      });
      return new Response(JSON.stringify({ ...entry, version: 4, risk_level: 'low' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch;
    const w = mount(RegistryForm, { props: { mode: 'edit', entry }, global });
    expect(w.find('#re-reason').exists()).toBe(false);
    await w.find('#re-risk').setValue('low');
    expect(w.find('#re-reason').exists()).toBe(true);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(0);
    expect(w.text()).toContain('必填');
    await w.find('#re-reason').setValue('情况好转');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([
      {
        url: '/api/v1/registry/4',
        method: 'PATCH',
        body: { risk_level: 'low', reason: '情况好转' },
        ifMatch: '"3"',
      },
    ]);
    expect(w.emitted('saved')).toHaveLength(1);
    w.unmount();
  });
});
