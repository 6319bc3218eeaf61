import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  checkIdNumber,
  idCheckDigit,
  isDistrictCode,
  isPhoneNumber,
  parseDateTime,
  validateIntake,
  type IntakeFields,
} from '../src/lib/validation';

const TODAY = { year: 2026, month: 11, day: 29 };
// 2026-11-29T10:00:00+08:00
const NOW = Date.UTC(2026, 10, 29, 2, 0, 0);

// Fictional numbers built the way the server's tests build them.
function withCheck(first17: string): string {
  return first17 + idCheckDigit(first17);
}

describe('GB 11643 ID number', () => {
  it('computes the MOD 11-2 check character', () => {
    // The worked example of GB 11643-1999.
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('1101051949123100')).toBeNull();
  });

  it('accepts a valid number and reads the birth date and sex', () => {
    const r = checkIdNumber(withCheck('23010320140315124'), TODAY);
    expect('info' in r && r.info.birthDate).toEqual({ year: 2014, month: 3, day: 15 });
    expect('info' in r && r.info.female).toBe(true);
  });

  it('accepts a lower-case x as the check character and normalises it', () => {
    const r = checkIdNumber('11010519491231002x', TODAY);
    expect('info' in r && r.info.normalised).toBe('11010519491231002X');
  });

  it('refuses in the server order of checks', () => {
    expect(checkIdNumber('   ', TODAY)).toEqual({ reason: 'required' });
    expect(checkIdNumber('2301032014031512', TODAY)).toEqual({ reason: 'bad_length' });
    expect(checkIdNumber('23010320140315124Y', TODAY)).toEqual({ reason: 'bad_format' });
    expect(checkIdNumber('２３010320140315124X', TODAY)).toEqual({ reason: 'bad_format' });
    expect(checkIdNumber(withCheck('23010320140230124'), TODAY)).toEqual({
      reason: 'bad_birth_date',
    });
    expect(checkIdNumber(withCheck('23010318990101124'), TODAY)).toEqual({
      reason: 'bad_birth_date',
    });
    expect(checkIdNumber(withCheck('23010320271201124'), TODAY)).toEqual({
      reason: 'future_birth_date',
    });
    const good = withCheck('23010320140315124');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkIdNumber(wrong, TODAY)).toEqual({ reason: 'bad_check_digit' });
  });
});

describe('ages and dates', () => {
  it('counts whole years, the day before a birthday included', () => {
    const birth = { year: 2008, month: 12, day: 1 };
    expect(ageInYears(birth, { year: 2026, month: 11, day: 30 })).toBe(17);
    expect(ageInYears(birth, { year: 2026, month: 12, day: 1 })).toBe(18);
  });

  it('parses ISO date-times with an offset only', () => {
    expect(parseDateTime('2026-11-29T10:00+08:00')).toBe(NOW);
    expect(parseDateTime('2026-11-29T02:00:00Z')).toBe(NOW);
    expect(parseDateTime('2026-11-29T10:00:00.250+08:00')).toBe(NOW);
    expect(parseDateTime('2026-11-29T10:00:00')).toBeNull();
    expect(parseDateTime('2026-11-31T10:00+08:00')).toBeNull();
  });

  it('knows district codes and phone numbers as the server does', () => {
    expect(isDistrictCode('230103')).toBe(true);
    expect(isDistrictCode('990103')).toBe(false);
    expect(isDistrictCode('23010')).toBe(false);
    expect(isPhoneNumber('13812345678')).toBe(true);
    expect(isPhoneNumber('+8613812345678')).toBe(true);
    expect(isPhoneNumber('0451-86661234')).toBe(true);
    expect(isPhoneNumber('12812345678')).toBe(false);
    expect(isPhoneNumber('0451--8666')).toBe(false);
  });
});

describe('intake validation', () => {
  const base = (): IntakeFields => ({
    'child.name': '林小禾',
    'child.district_code': '230103',
    'incident.occurred_on': '2026-11-20',
    harm_types: ['child_molestation'],
    reporter_category: 'school_kindergarten',
    situation_code: 'R2',
    discovered_at: '2026-11-28T09:00+08:00',
  });

  it('passes a complete mandatory report', () => {
    expect(validateIntake(base(), 'mandatory_report', NOW)).toEqual({});
  });

  it('requires what the server requires, per form', () => {
    const errors = validateIntake({}, 'mandatory_report', NOW);
    expect(errors).toMatchObject({
      'child.name': 'required',
      'child.district_code': 'required',
      'incident.occurred_on': 'required',
      harm_types: 'required',
      reporter_category: 'required',
      situation_code: 'required',
      discovered_at: 'required',
    });
    expect(validateIntake({}, 'case', NOW)).toMatchObject({ intake_channel: 'required' });
    expect(validateIntake({}, 'hotline', NOW)['child.name']).toBeUndefined();
  });

  it('refuses a girl who was 18 on the incident date, by the ID number or the birth date', () => {
    const adult = { ...base(), 'child.id_number': withCheck('23010320081120124') };
    expect(validateIntake(adult, 'mandatory_report', NOW)['child.birth_date']).toBe(
      'not_minor_on_incident_date',
    );
    const minor = { ...base(), 'child.birth_date': '2008-11-21' };
    expect(validateIntake(minor, 'mandatory_report', NOW)).toEqual({});
    const eighteen = { ...base(), 'child.birth_date': '2008-11-20' };
    expect(validateIntake(eighteen, 'mandatory_report', NOW)['child.birth_date']).toBe(
      'not_minor_on_incident_date',
    );
  });

  it('wants the birth date to agree with the ID number', () => {
    const f = {
      ...base(),
      'child.id_number': withCheck('23010320140315124'),
      'child.birth_date': '2014-03-16',
    };
    expect(validateIntake(f, 'case', NOW)['child.birth_date']).toBe('id_number_mismatch');
  });

  it('keeps dates out of the future and in order', () => {
    expect(
      validateIntake({ ...base(), 'incident.occurred_on': '2026-11-30' }, 'mandatory_report', NOW)[
        'incident.occurred_on'
      ],
    ).toBe('in_future');
    expect(
      validateIntake(
        { ...base(), discovered_at: '2026-11-29T10:01+08:00' },
        'mandatory_report',
        NOW,
      ).discovered_at,
    ).toBe('in_future');
    expect(
      validateIntake(
        {
          ...base(),
          'incident.occurred_on': '2026-11-28',
          discovered_at: '2026-11-27T09:00+08:00',
        },
        'mandatory_report',
        NOW,
      )['incident.occurred_on'],
    ).toBe('after_discovery');
    expect(
      validateIntake(
        {
          ...base(),
          reported_at: '2026-11-28T08:00+08:00',
          discovered_at: '2026-11-28T09:00+08:00',
        },
        'case',
        NOW,
      ).discovered_at,
    ).toBe('after_report');
    expect(
      validateIntake(
        { ...base(), 'child.birth_date': '2014-03-15', 'incident.occurred_on': '2014-03-14' },
        'mandatory_report',
        NOW,
      )['incident.occurred_on'],
    ).toBe('before_birth');
  });
});
