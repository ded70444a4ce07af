import { describe, expect, it } from 'vitest';
import { formatLocalDateTimeInput, parseLocalDate, parseLocalDateTime } from '$lib/time';

describe('Belgrade local time', () => {
  const check = (input: string, expected: string | null) => expect(parseLocalDateTime(input), input).toBe(expected);

  it('converts typed local time to UTC with the offset of that date (DST)', () => {
    check('15.01.2024. 14:30', '2024-01-15T13:30:00Z');
    check('15.07.2024. 14:30', '2024-07-15T12:30:00Z');
    check('5.7.2024 9:05', '2024-07-05T07:05:00Z');
    check('2024-07-15T14:30', '2024-07-15T12:30:00Z');
    check('31.03.2024. 01:30', '2024-03-31T00:30:00Z');
    check('31.03.2024. 03:30', '2024-03-31T01:30:00Z');
    check('27.10.2024. 04:00', '2024-10-27T03:00:00Z');
    check('31.02.2024. 10:00', null);
    check('15.07.2024.', null);
    check('danas', null);
  });

  it('shows instants as Belgrade wall-clock time', () => {
    expect(formatLocalDateTimeInput('2024-07-15T12:30:00Z')).toBe('15.07.2024. 14:30');
    expect(formatLocalDateTimeInput('2024-01-15T23:30:00Z')).toBe('16.01.2024. 00:30');
  });

  it('parses dates of birth', () => {
    expect(parseLocalDate('01.02.1990.')).toBe('1990-02-01');
    expect(parseLocalDate('1990-02-01')).toBe('1990-02-01');
    expect(parseLocalDate('30.02.1990.')).toBeNull();
  });
});
