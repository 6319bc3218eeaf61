import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import TaskClock from '../src/components/TaskClock.vue';
import { clockParts, clockText } from '../src/lib/clock';
import zhCN from '../src/i18n/zh-CN';
import en from '../src/i18n/en';

const NOW = Date.UTC(2026, 10, 29, 2, 0, 0);
const HOUR = 3600_000;

function i18n(locale: 'zh-CN' | 'en') {
  return createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } });
}

describe('clock text', () => {
  it('shows time left in the two largest units', () => {
    const p = clockParts(NOW + 26 * HOUR + 5 * 60_000, NOW);
    expect(p.state).toBe('ok');
    expect(clockText(p, 'zh-CN')).toBe('剩余 1 天 2 小时');
    expect(clockText(p, 'en')).toBe('1 day 2 hours left');
  });

  it('is "due soon" in the last four hours and counts seconds in the last hour', () => {
    const p = clockParts(NOW + 59 * 60_000 + 30_000, NOW);
    expect(p.state).toBe('soon');
    expect(clockText(p, 'zh-CN')).toBe('剩余 59 分钟 30 秒');
    expect(clockParts(NOW + 3 * HOUR, NOW).state).toBe('soon');
  });

  it('turns overdue after the deadline', () => {
    const p = clockParts(NOW - 2 * HOUR - 60_000, NOW);
    expect(p.state).toBe('overdue');
    expect(clockText(p, 'zh-CN')).toBe('已超时 2 小时 1 分钟');
    expect(clockText(p, 'en')).toBe('Overdue by 2 hours 1 minute');
  });

  it('has no deadline without a due time', () => {
    expect(clockText(clockParts(null, NOW), 'zh-CN')).toBe('无时限');
  });
});

describe('TaskClock', () => {
  it('renders the state as words, not colour alone', () => {
    const w = mount(TaskClock, {
      props: { due: new Date(NOW - 90 * 60_000).toISOString(), now: NOW, label: '办结时限' },
      global: { plugins: [i18n('zh-CN')] },
    });
    expect(w.attributes('role')).toBe('timer');
    expect(w.attributes('data-state')).toBe('overdue');
    expect(w.text()).toContain('已超时');
    expect(w.text()).toContain('办结时限 已超时');
    expect(w.text()).toContain('1 小时 30 分钟');
  });

  it('follows the UI language', () => {
    const w = mount(TaskClock, {
      props: { due: new Date(NOW + 5 * HOUR).toISOString(), now: NOW },
      global: { plugins: [i18n('en')] },
    });
    expect(w.attributes('data-state')).toBe('ok');
    expect(w.text()).toContain('5 hours left');
    expect(w.text()).toContain('On time');
  });

  it('counts down as time passes', async () => {
    const due = new Date(NOW + 61_000).toISOString();
    const w = mount(TaskClock, { props: { due, now: NOW }, global: { plugins: [i18n('zh-CN')] } });
    expect(w.text()).toContain('剩余 1 分钟 1 秒');
    await w.setProps({ now: NOW + 62_000 });
    expect(w.text()).toContain('已超时 1 秒');
  });
});
