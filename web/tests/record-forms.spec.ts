import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import ProceedingForm from '../src/components/ProceedingForm.vue';
import ServiceForm from '../src/components/ServiceForm.vue';
import zhCN from '../src/i18n/zh-CN';
import en from '../src/i18n/en';

const global = {
  plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })],
};
const police = { role: 'caseworker', view: 'masked', unitKind: 'police' };

interface Sent {
  url: string;
  body: Record<string, unknown>;
  key: string;
}
function answer(status: number, body: unknown, sent: Sent[]) {
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      body: JSON.parse(String(init.body)),
      key: (init.headers as Record<string, string>)['Idempotency-Key'],
    });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  }) as typeof fetch;
}

describe('proceeding form', () => {
  it('offers the police their stages only, and no protection order', () => {
    const w = mount(ProceedingForm, {
      props: { caseId: 7, who: police, pendingOrders: [] },
      global,
    });
    const stages = w.findAll('#pf-stage option').map((o) => o.attributes('value'));
    expect(stages).toContain('case_filed');
    expect(stages).not.toContain('prosecuted');
    const kinds = w.findAll('#pf-kind option').map((o) => o.attributes('value'));
    expect(kinds).toEqual(['stage', 'warning_letter']);
    w.unmount();
  });

  it('shows nothing to a role that may not record', () => {
    const w = mount(ProceedingForm, {
      props: { caseId: 7, who: { ...police, unitKind: 'health' }, pendingOrders: [] },
      global,
    });
    expect(w.find('form').exists()).toBe(false);
    w.unmount();
  });

  it('sends the stage with +08:00 and puts the server refusal beside the stage', async () => {
    const sent: Sent[] = [];
    answer(
      422,
      {
        error: {
          code: 'out_of_order',
          message: '顺序不对',
          fields: { stage: '请先登记其前一阶段' },
        },
      },
      sent,
    );
    const w = mount(ProceedingForm, {
      props: { caseId: 7, who: police, pendingOrders: [] },
      global,
      attachTo: document.body,
    });
    await w.find('#pf-stage').setValue('case_filed');
    await w.find('#pf-at').setValue('2026-01-10T09:30');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('/api/v1/cases/7/proceedings');
    expect(sent[0].body).toMatchObject({
      kind: 'stage',
      stage: 'case_filed',
      at: '2026-01-10T09:30:00+08:00',
      priority: false,
    });
    expect(sent[0].key).toBeTruthy();
    expect(w.find('#pf-stage-error').text()).toBe('请先登记其前一阶段');
    // The same filled-in form sent again keeps its Idempotency-Key.
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent[1].key).toBe(sent[0].key);
    w.unmount();
  });
});

describe('service form', () => {
  const coordinator = { role: 'coordinator', view: 'masked', unitKind: 'womens_federation' };
  const units = [
    { id: 1, code: 'FL', name: '妇联', kind: 'womens_federation' },
    { id: 2, code: 'YY', name: '医院', kind: 'health' },
  ] as never[];

  it('marks a wrong amount beside it and sends nothing', async () => {
    const sent: Sent[] = [];
    answer(201, {}, sent);
    const w = mount(ServiceForm, { props: { caseId: 7, who: coordinator, units }, global });
    await w.find('#sf-type').setValue('health_counselling');
    await w.find('#sf-amount').setValue('12元');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(0);
    expect(w.find('.record-field:has(#sf-amount) .error-text').text()).toBe('格式不正确');
    w.unmount();
  });

  it('picks the only unit of the type and sends yuan as text', async () => {
    const sent: Sent[] = [];
    answer(201, { items: [], totals: {} }, sent);
    const w = mount(ServiceForm, { props: { caseId: 7, who: coordinator, units }, global });
    await w.find('#sf-type').setValue('health_counselling');
    await flushPromises();
    await w.find('#sf-amount').setValue('300.5');
    await w.find('#sf-hours').setValue('1.5');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({
      service_type: 'health_counselling',
      unit_id: 2,
      amount_yuan: '300.5',
      hours: 1.5,
    });
    expect(w.emitted('recorded')).toHaveLength(1);
    w.unmount();
  });
});
