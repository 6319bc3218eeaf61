import { describe, expect, it } from 'vitest';
import zhCN from '../src/i18n/zh-CN';
import en from '../src/i18n/en';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? keys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [prefix + k],
  );
}

describe('messages', () => {
  it('English has every Chinese key and no other', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('no message is empty', () => {
    const values = (o: Record<string, unknown>): unknown[] =>
      Object.values(o).flatMap((v) =>
        v && typeof v === 'object' ? values(v as Record<string, unknown>) : [v],
      );
    for (const v of [...values(zhCN), ...values(en)]) expect(String(v).trim()).not.toBe('');
  });
});
