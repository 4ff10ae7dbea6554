/**
 * When a schedule fires next (pure, UTC as EventBridge evaluates cron expressions):
 *
 *   nextFireTime('cron(0 12 ? * MON-FRI *)', { after })         the first matching minute after `after`
 *   nextFireTime('rate(5 minutes)', { after, anchor })          anchor + k × period, the first after `after`
 *
 * A rate schedule counts from its anchor (the rule's creation time); without one it counts from `after`.
 * Returns undefined when a cron schedule never fires again (its years are past).
 */
import { type CronSchedule, parseSchedule, type Schedule, YEAR_RANGE } from './expression.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of week as cron numbers it: 1 = Sunday … 7 = Saturday. */
function cronWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const w = cronWeekday(year, month, day);
  return w !== 1 && w !== 7;
}

/** The weekday nearest to `day` within its month (Quartz/EventBridge `W`). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const w = cronWeekday(year, month, target);
  if (w === 7) return target === 1 ? 3 : target - 1;
  if (w === 1) return target === last ? target - 2 : target + 1;
  return target;
}

function dayMatches(s: CronSchedule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  const dom = s.dayOfMonth;
  switch (dom.kind) {
    case 'days':
      if (!dom.days.has(day)) return false;
      break;
    case 'last':
      if (day !== last) return false;
      break;
    case 'last-weekday': {
      let d = last;
      while (!isWeekday(year, month, d)) d--;
      if (day !== d) return false;
      break;
    }
    case 'nearest-weekday':
      if (day !== nearestWeekday(year, month, dom.day)) return false;
      break;
    case 'any':
      break;
  }
  const dow = s.dayOfWeek;
  const weekday = cronWeekday(year, month, day);
  switch (dow.kind) {
    case 'days':
      return dow.days.has(weekday);
    case 'last':
      return weekday === dow.day && day + 7 > last;
    case 'nth':
      return weekday === dow.day && Math.ceil(day / 7) === dow.n;
    default:
      return true;
  }
}

function sorted(set: ReadonlySet<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

function nextCron(s: CronSchedule, after: Date): Date | undefined {
  const start = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const hours = sorted(s.hours);
  const minutes = sorted(s.minutes);
  const firstDay = Math.floor(start / DAY_MS) * DAY_MS;
  for (let dayStart = firstDay; ; dayStart += DAY_MS) {
    const date = new Date(dayStart);
    const year = date.getUTCFullYear();
    if (year > YEAR_RANGE.max) return undefined;
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!s.years.has(year) || !s.months.has(month) || !dayMatches(s, year, month, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = dayStart + hour * 3_600_000 + minute * MINUTE_MS;
        if (at >= start) return new Date(at);
      }
    }
  }
}

/** The next time after `after` at which the schedule fires. */
export function nextFireTime(
  schedule: string | Schedule,
  options: { after: Date; anchor?: Date },
): Date | undefined {
  const s = typeof schedule === 'string' ? parseSchedule(schedule) : schedule;
  if (s.kind === 'cron') return nextCron(s, options.after);
  const anchor = (options.anchor ?? options.after).getTime();
  const after = options.after.getTime();
  const periods = after < anchor ? 1 : Math.floor((after - anchor) / s.periodMs) + 1;
  return new Date(anchor + periods * s.periodMs);
}
