/** The sample events play in Indonesia: dates are counted in Western Indonesia Time (no DST). */
const OFFSET_HOURS = 7;
const OFFSET = '+07:00';
const START_TIME = '19:00:00';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const daysInMonth = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

/**
 * 19:00 (+07:00) on the day that is `months` calendar months and then `days` days after the
 * day `now` falls on in +07:00. A month later than the 31st is the last day of that month
 * (Jan 31 + 1 month = Feb 28/29), as calendars usually count.
 */
export function startsAt(now: Date, { months, days }: { months: number; days: number }): string {
  const local = new Date(now.getTime() + OFFSET_HOURS * 3_600_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const firstOfMonth = new Date(Date.UTC(year, month, 1));
  const day = Math.min(local.getUTCDate(), daysInMonth(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth()));
  const date = new Date(Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth(), day + days));
  const ymd = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${ymd}T${START_TIME}${OFFSET}`;
}
