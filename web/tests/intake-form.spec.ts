import { describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import { defineComponent, h } from 'vue';
import { ElForm } from 'element-plus';
import IntakeForm from '../src/components/IntakeForm.vue';
import { useIntake } from '../src/lib/useIntake';
import zhCN from '../src/i18n/zh-CN';
import en from '../src/i18n/en';

// The mandatory-report form with its submit logic, as the page uses them.
const Harness = defineComponent({
  setup() {
    const intake = useIntake('mandatory_report', '/api/v1/reports/mandatory');
    return () =>
      h('form', { onSubmit: (e: Event) => (e.preventDefault(), intake.submit()) }, [
        h(ElForm, { labelPosition: 'top' }, () =>
          h(IntakeForm, {
            modelValue: intake.model.value,
            'onUpdate:modelValue': (v: typeof intake.model.value) => (intake.model.value = v),
            kind: 'mandatory_report',
            errors: intake.errors.fields,
            idPrefix: 't',
          }),
        ),
        h('p', { class: 'alert' }, intake.errors.alert.value),
        h('button', { type: 'submit' }, 'go'),
      ]);
  },
});

function mountForm() {
  return mount(Harness, {
    global: {
      stubs: { transition: false, 'transition-group': false },
      plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })],
    },
    attachTo: document.body,
  });
}

const errorOf = (w: ReturnType<typeof mountForm>, id: string) =>
  w.find(`#${id}`).element.closest('.el-form-item')?.querySelector('.el-form-item__error')
    ?.textContent ?? '';

async function fillValid(w: ReturnType<typeof mountForm>) {
  await w.find('#t-child-name').setValue('林小禾');
  await w.find('#t-child-district-code').setValue('230103');
  await w.find('#t-incident-occurred-on').setValue('2026-01-10');
  await w.find('#t-discovered-at').setValue('2026-01-11T09:00');
  await w.find('[data-code="child_molestation"] input').setValue(true);
  await w.find('[data-code="R2"] input').setValue(true);
  const form = w.findComponent(IntakeForm);
  form.props('modelValue').reporter_category = 'school_kindergarten';
}

describe('mandatory-report form', () => {
  it('puts the server field errors beside the fields and reuses its Idempotency-Key', async () => {
    const keys: string[] = [];
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['Idempotency-Key']);
      return new Response(
        JSON.stringify({
          error: {
            code: 'invalid_field',
            message: '请检查标出的字段',
            fields: { 'child.district_code': '格式不正确' },
          },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      );
    }) as typeof fetch;
    const w = mountForm();
    await flushPromises();
    await fillValid(w);
    await w.find('form').trigger('submit');
    await flushPromises();
    await w.find('form').trigger('submit');
    await flushPromises();
    await new Promise((r) => setTimeout(r, 300));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(errorOf(w, 't-child-district-code')).toContain('格式不正确');
    expect(w.find('.alert').text()).toContain('请检查标出的字段');
    w.unmount();
  });

  it('marks each wrong field beside it and sends nothing', async () => {
    let called = 0;
    globalThis.fetch = (async () => {
      called += 1;
      return new Response('{}');
    }) as typeof fetch;
    const w = mount(Harness, {
      global: {
        stubs: { transition: false, 'transition-group': false },
        plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })],
      },
      attachTo: document.body,
    });
    await flushPromises();
    await w.find('#t-child-id-number').setValue('230103201403151230');
    await w.find('form').trigger('submit');
    await flushPromises();
    await new Promise((r) => setTimeout(r, 300));
    const errorOf = (id: string) =>
      w.find(`#${id}`).element.closest('.el-form-item')?.querySelector('.el-form-item__error')
        ?.textContent;
    expect(errorOf('t-child-id-number')).toContain('校验位不正确');
    expect(errorOf('t-child-name')).toContain('必填');
    expect(w.find('.alert').text()).toBe('请检查标出的字段。');
    expect(called).toBe(0);
    w.unmount();
  });
});
