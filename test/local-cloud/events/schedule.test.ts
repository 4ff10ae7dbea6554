/**
 * Schedule expressions (rate and cron) and the next fire time, as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { nextFireTime, tryParseSchedule } from '../../../src/local-cloud/services/events/index.js';

const at = (iso: string) => new Date(iso);
const next = (expression: string, after: string, anchor?: string) =>
  nextFireTime(expression, {
    after: at(after),
    anchor: anchor === undefined ? undefined : at(anchor),
  })?.toISOString();

describe('schedule expressions', () => {
  it('accepts the forms AWS documents', () => {
    for (const valid of [
      'rate(1 minute)',
      'rate(5 minutes)',
      'rate(1 hour)',
      'rate(12 hours)',
      'rate(1 day)',
      'rate(7 days)',
      'cron(0 12 * * ? *)',
      'cron(15 10 ? * 6L 2024-2030)',
      'cron(0/15 * * * ? *)',
      'cron(0 8 1 * ? *)',
      'cron(0 18 ? * MON-FRI *)',
      'cron(0 10 ? * 2#1 *)',
      'cron(0 9 L * ? *)',
      'cron(0 9 15W * ? *)',
      'cron(0 9 LW JAN,JUL ? *)',
      'cron(5,35 14 * * ? *)',
    ]) {
      expect(tryParseSchedule(valid), valid).toBeDefined();
    }
  });

  it('refuses what AWS refuses', () => {
    for (const invalid of [
      'rate(1 minutes)',
      'rate(5 minute)',
      'rate(0 minutes)',
      'rate(-1 days)',
      'rate(1 week)',
      'rate(1.5 hours)',
      'cron(0 12 * * * *)',
      'cron(0 12 ? * ? *)',
      'cron(0 12 * *)',
      'cron(60 12 * * ? *)',
      'cron(0 24 * * ? *)',
      'cron(0 12 32 * ? *)',
      'cron(0 12 ? 13 * *)',
      'cron(0 12 ? * 8 *)',
      'cron(0 12 * * ? 1969)',
      'cron(0 12 ? * FOO *)',
      'at(2024-01-01T00:00:00)',
      'every 5 minutes',
    ]) {
      expect(tryParseSchedule(invalid), invalid).toBeUndefined();
    }
  });
});

describe('nextFireTime', () => {
  it('counts rate schedules from their anchor', () => {
    expect(next('rate(5 minutes)', '2024-06-01T12:07:30Z', '2024-06-01T12:00:00Z')).toBe(
      '2024-06-01T12:10:00.000Z',
    );
    expect(next('rate(5 minutes)', '2024-06-01T12:10:00Z', '2024-06-01T12:00:00Z')).toBe(
      '2024-06-01T12:15:00.000Z',
    );
    expect(next('rate(1 day)', '2024-06-01T12:00:00Z')).toBe('2024-06-02T12:00:00.000Z');
  });

  it('finds the next matching minute of a cron schedule in UTC', () => {
    expect(next('cron(0 12 * * ? *)', '2024-06-01T12:00:00Z')).toBe('2024-06-02T12:00:00.000Z');
    expect(next('cron(0 12 * * ? *)', '2024-06-01T11:59:59Z')).toBe('2024-06-01T12:00:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2024-06-01T12:07:00Z')).toBe('2024-06-01T12:15:00.000Z');
    // 2024-06-01 is a Saturday: the next weekday 18:00 is Monday the 3rd.
    expect(next('cron(0 18 ? * MON-FRI *)', '2024-06-01T00:00:00Z')).toBe('2024-06-03T18:00:00.000Z');
  });

  it('understands L, W and #', () => {
    expect(next('cron(0 9 L * ? *)', '2024-02-10T00:00:00Z')).toBe('2024-02-29T09:00:00.000Z');
    // The last Friday (6L) of June 2024 is the 28th.
    expect(next('cron(0 9 ? * 6L *)', '2024-06-01T00:00:00Z')).toBe('2024-06-28T09:00:00.000Z');
    // The first Monday (2#1) of July 2024 is the 1st.
    expect(next('cron(0 9 ? * 2#1 *)', '2024-06-05T00:00:00Z')).toBe('2024-07-01T09:00:00.000Z');
    // 2024-06-15 is a Saturday: 15W is Friday the 14th.
    expect(next('cron(0 9 15W * ? *)', '2024-06-01T00:00:00Z')).toBe('2024-06-14T09:00:00.000Z');
    // The last weekday of August 2024 is Friday the 30th.
    expect(next('cron(0 9 LW * ? *)', '2024-08-01T00:00:00Z')).toBe('2024-08-30T09:00:00.000Z');
  });

  it('returns undefined once the years of a schedule have passed', () => {
    expect(next('cron(0 0 1 1 ? 2020)', '2024-01-01T00:00:00Z')).toBeUndefined();
    expect(next('cron(0 0 1 1 ? 2020-2030)', '2024-01-01T00:00:00Z')).toBe('2025-01-01T00:00:00.000Z');
  });
});
