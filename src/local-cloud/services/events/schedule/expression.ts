/**
 * Schedule expressions of EventBridge rules, checked and compiled (pure):
 *
 *   rate(<value> <unit>)   value a positive integer; unit minute | minutes | hour | hours | day | days,
 *                          singular exactly when the value is 1
 *   cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)
 *       minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT
 *       (1 = Sunday), year 1970-2199; `,` lists, `-` ranges, `*`, `/` increments; `?` in exactly one of
 *       day-of-month and day-of-week; `L` and `W` in day-of-month (`L`, `15W`, `LW`); `L` and `#` in
 *       day-of-week (`6L` = last Friday, `3#2` = second Tuesday).
 *
 * Anything else is "Parameter ScheduleExpression is not valid." as on AWS.
 */
import { EventsErrors } from '../errors.js';

export type DayOfMonth =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

export type DayOfWeek =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last'; day: number }
  | { kind: 'nth'; day: number; n: number };

export interface CronSchedule {
  kind: 'cron';
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  dayOfMonth: DayOfMonth;
  months: ReadonlySet<number>;
  dayOfWeek: DayOfWeek;
  years: ReadonlySet<number>;
}

export interface RateSchedule {
  kind: 'rate';
  value: number;
  unit: 'minute' | 'hour' | 'day';
  /** The period in milliseconds. */
  periodMs: number;
}

export type Schedule = RateSchedule | CronSchedule;

export const YEAR_RANGE = { min: 1970, max: 2199 } as const;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

class Invalid extends Error {}

function parseRate(body: string): RateSchedule {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (!match) throw new Invalid();
  const value = Number(match[1]);
  const plural = match[2]!.endsWith('s');
  if (value < 1 || !Number.isSafeInteger(value) || plural !== value > 1) throw new Invalid();
  const unit = match[2]!.replace(/s$/, '') as RateSchedule['unit'];
  return { kind: 'rate', value, unit, periodMs: value * UNIT_MS[unit] };
}

interface FieldSpec {
  min: number;
  max: number;
  names?: readonly string[];
  /** First value the names stand for (1 for months and days of week). */
  nameBase?: number;
}

function atom(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const value = named >= 0 ? named + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) throw new Invalid();
  return value;
}

/** A field of lists, ranges, `*` and increments → the set of values it allows. */
function valueSet(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    if (part.split('/').length > 2) throw new Invalid();
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || (stepText !== undefined && !/^\d+$/.test(stepText))) {
      throw new Invalid();
    }
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      if (a === undefined || b === undefined || range.split('-').length !== 2) throw new Invalid();
      from = atom(a, spec);
      to = atom(b, spec);
      if (from > to) throw new Invalid();
    } else {
      from = atom(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  if (values.size === 0) throw new Invalid();
  return values;
}

const DOM: FieldSpec = { min: 1, max: 31 };
const DOW: FieldSpec = { min: 1, max: 7, names: DAY_NAMES, nameBase: 1 };

function dayOfMonth(text: string): DayOfMonth {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last' };
  if (text === 'LW') return { kind: 'last-weekday' };
  const weekday = /^(\d{1,2})W$/.exec(text);
  if (weekday) return { kind: 'nearest-weekday', day: atom(weekday[1]!, DOM) };
  return { kind: 'days', days: valueSet(text, DOM) };
}

function dayOfWeek(text: string): DayOfWeek {
  if (text === '?') return { kind: 'any' };
  if (text === 'L') return { kind: 'last', day: 7 };
  const last = /^([A-Za-z]{3}|\d)L$/.exec(text);
  if (last) return { kind: 'last', day: atom(last[1]!, DOW) };
  const nth = /^([A-Za-z]{3}|\d)#([1-5])$/.exec(text);
  if (nth) return { kind: 'nth', day: atom(nth[1]!, DOW), n: Number(nth[2]) };
  return { kind: 'days', days: valueSet(text, DOW) };
}

function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new Invalid();
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  // Exactly one of day-of-month and day-of-week is '?'.
  if ((dom === '?') === (dow === '?')) throw new Invalid();
  return {
    kind: 'cron',
    minutes: valueSet(min, { min: 0, max: 59 }),
    hours: valueSet(hour, { min: 0, max: 23 }),
    dayOfMonth: dayOfMonth(dom),
    months: valueSet(month, { min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 }),
    dayOfWeek: dayOfWeek(dow),
    years: valueSet(year, { min: YEAR_RANGE.min, max: YEAR_RANGE.max }),
  };
}

/** Compiles a schedule expression; undefined when it is not valid. */
export function tryParseSchedule(expression: string): Schedule | undefined {
  const match = /^(rate|cron)\((.*)\)$/.exec(expression);
  if (!match) return undefined;
  try {
    return match[1] === 'rate' ? parseRate(match[2]!) : parseCron(match[2]!);
  } catch (err) {
    if (err instanceof Invalid) return undefined;
    throw err;
  }
}

/** Compiles a schedule expression; ValidationException when it is not valid. */
export function parseSchedule(expression: string): Schedule {
  const schedule = tryParseSchedule(expression);
  if (!schedule) throw EventsErrors.invalidSchedule();
  return schedule;
}
