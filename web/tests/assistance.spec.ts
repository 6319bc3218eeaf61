import { describe, expect, it } from 'vitest';
import {
  checkDay,
  checkInstant,
  checkQuantity,
  checkService,
  checkStage,
  checkYuan,
  mayRecord,
  mayRecordFollowup,
  mayRecordInterview,
  nowInShanghaiLocal,
  serviceTypesFor,
  shanghaiLocalToIso,
  stagesFor,
} from '../src/lib/assistance';

// 2026-11-29 10:00 in China.
const NOW = Date.UTC(2026, 10, 29, 2, 0, 0);

describe('who may record', () => {
  const police = { role: 'caseworker', view: 'masked', unitKind: 'police' };
  const coordinator = { role: 'coordinator', view: 'masked', unitKind: 'womens_federation' };

  it('a police caseworker records police stages and the interview, no court stage', () => {
    expect(stagesFor(police).map((s) => s.code)).toEqual([
      'police_registered',
      'case_filed',
      'case_not_filed',
      'solved',
      'arrest_requested',
      'transferred_for_prosecution',
    ]);
    expect(mayRecord(police, 'court')).toBe(false);
    expect(mayRecordInterview(police)).toBe(true);
    expect(serviceTypesFor(police)).toEqual([]);
  });

  it('a coordinator records everything; a health caseworker only health services', () => {
    expect(stagesFor(coordinator)).toHaveLength(12);
    expect(serviceTypesFor(coordinator)).toHaveLength(18);
    const doctor = { role: 'caseworker', view: 'masked', unitKind: 'health' };
    expect(serviceTypesFor(doctor).every((s) => s.unitKind === 'health')).toBe(true);
    expect(stagesFor(doctor)).toEqual([]);
    expect(mayRecordInterview(doctor)).toBe(false);
  });

  it('nobody records without the masked view, and leaders never', () => {
    expect(stagesFor({ ...coordinator, view: 'deidentified' })).toEqual([]);
    expect(mayRecordFollowup({ ...police, view: 'receipt' })).toBe(false);
    expect(mayRecord({ role: 'leader', view: 'masked', unitKind: 'police' }, 'police')).toBe(false);
    expect(mayRecordFollowup(police)).toBe(true);
  });
});

describe('times typed as China time', () => {
  it('formats now and converts with the +08:00 offset', () => {
    expect(nowInShanghaiLocal(NOW)).toBe('2026-11-29T10:00');
    expect(shanghaiLocalToIso('2026-11-29T10:00')).toBe('2026-11-29T10:00:00+08:00');
  });

  it('is required, well-formed and not in the future', () => {
    expect(checkInstant('', NOW)).toBe('required');
    expect(checkInstant('29/11/2026 10:00', NOW)).toBe('bad_format');
    expect(checkInstant('2026-02-30T10:00', NOW)).toBe('bad_format');
    expect(checkInstant('2026-11-29T10:00', NOW)).toBeNull();
    expect(checkInstant('2026-11-29T10:01', NOW)).toBeNull(); // a minute of clock skew
    expect(checkInstant('2026-11-29T10:05', NOW)).toBe('in_future');
  });

  it('checks a day against today', () => {
    expect(checkDay('', '2026-11-29')).toBe('required');
    expect(checkDay('2026-11-30', '2026-11-29')).toBe('in_future');
    expect(checkDay('2026-11-29', '2026-11-29')).toBeNull();
  });
});

describe('money and quantities as the server reads them', () => {
  it('accepts yuan with up to two decimals, empty as none', () => {
    for (const ok of ['', '0', '1200', '1200.5', '1200.50', '99999999.99'])
      expect(checkYuan(ok)).toBeNull();
    expect(checkYuan('-5')).toBe('negative');
    for (const bad of ['12元', '1,200', '1200.', '.5', '1200.505', '1e3'])
      expect(checkYuan(bad)).toBe('bad_format');
    expect(checkYuan('123456789')).toBe('out_of_range');
  });

  it('takes hours as decimals and sessions as whole numbers up to 1000', () => {
    expect(checkQuantity('1.5', false)).toBeNull();
    expect(checkQuantity('1.5', true)).toBe('bad_format');
    expect(checkQuantity('1001', true)).toBe('out_of_range');
    expect(checkQuantity('-1', false)).toBe('bad_format');
  });
});

describe('a stage before it is sent', () => {
  const at = '2026-11-29T09:00';
  it('needs a known stage and a time', () => {
    expect(checkStage({ stage: '', at: '', reason: '', priority: false }, NOW)).toEqual({
      stage: 'required',
      at: 'required',
    });
    expect(checkStage({ stage: 'charged', at, reason: '', priority: false }, NOW)).toEqual({
      stage: 'unknown_value',
    });
  });

  it('needs a reason for 不立案 and refuses 优先 where it does not apply', () => {
    expect(checkStage({ stage: 'case_not_filed', at, reason: ' ', priority: false }, NOW)).toEqual({
      reason: 'required',
    });
    expect(checkStage({ stage: 'case_filed', at, reason: '', priority: true }, NOW)).toEqual({
      priority: 'not_applicable',
    });
    expect(checkStage({ stage: 'prosecuted', at, reason: '', priority: true }, NOW)).toEqual({});
  });
});

describe('a service before it is sent', () => {
  const base = {
    service_type: 'health_counselling',
    unit_id: 3,
    delivered_on: '2026-11-28',
    hours: '2',
    sessions: '1',
    amount_yuan: '300.00',
  };
  it('passes a complete service', () => {
    expect(checkService(base, '2026-11-29', true)).toEqual({});
  });
  it('names each wrong field', () => {
    expect(
      checkService(
        {
          service_type: 'massage',
          unit_id: null,
          delivered_on: '2026-12-01',
          hours: 'two',
          sessions: '1.5',
          amount_yuan: '3,00',
        },
        '2026-11-29',
        true,
      ),
    ).toEqual({
      service_type: 'unknown_value',
      unit_id: 'required',
      delivered_on: 'in_future',
      hours: 'bad_format',
      sessions: 'bad_format',
      amount_yuan: 'bad_format',
    });
    expect(checkService({ ...base, unit_id: null }, '2026-11-29', false)).toEqual({});
  });
});
