/**
 * ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`): `2027-03-01T19:30:00+07:00`.
 * Seconds and a fraction are optional; a local time without an offset is ambiguous and refused.
 */
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant `value` names, or undefined when it is not a real calendar time with an offset.
 * `Date.parse` alone is too lenient: it turns 30 February into 2 March and accepts 24:00.
 */
export function parseInstant(value: string): Date | undefined {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 9, 10].map((group) => Number(match[group] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHours > 14 || offsetMinutes > 59) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

export const INSTANT_FORMAT_MESSAGE = 'must be an ISO 8601 date-time with an offset, e.g. 2027-03-01T19:30:00+07:00';
