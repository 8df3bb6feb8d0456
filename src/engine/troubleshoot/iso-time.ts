/**
 * Log timestamps to milliseconds since the Unix epoch, without `Date`: the engine has no clock, and parsing by hand
 * keeps it that way. ISO 8601 (the seed log schema's `timestamp`) is `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` (a space
 * instead of `T` too; without an offset it is UTC). Loggers that write epoch numbers are read by their digit count:
 * seconds (10 digits, a fraction allowed), milliseconds (13), microseconds (16) or nanoseconds (19), each only
 * between 2001 and 2286 so that a counter or an id is not taken for a time.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Days from 1970-01-01 to the given civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Milliseconds since the epoch, or undefined when the text is not an ISO 8601 date-time we understand. */
export function parseIsoMs(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  const ms = (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second + fraction) * 1000;
  return Math.round(ms - offsetMinutes(m[8]) * 60_000);
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/** Milliseconds per unit of an epoch number with that many integer digits (10: seconds, 13: milliseconds...). */
const EPOCH_UNITS: Readonly<Record<number, number>> = { 10: 1000, 13: 1, 16: 1e-3, 19: 1e-6 };
const EPOCH = /^(\d+)(?:\.(\d{1,9}))?$/;

/** An epoch timestamp in milliseconds, or undefined when the digits do not make a plausible one. */
export function parseEpochMs(text: string | number): number | undefined {
  const m = EPOCH.exec(typeof text === 'number' ? String(text) : text.trim());
  const digits = m?.[1];
  if (!m || digits === undefined) return undefined;
  const msPerUnit = EPOCH_UNITS[digits.length];
  // Only seconds carry a fraction in practice; "1736510400250.5" is not a timestamp anyone writes.
  if (msPerUnit === undefined || (m[2] !== undefined && digits.length !== 10)) return undefined;
  return Math.round(Number(m[0]) * msPerUnit * 1000) / 1000;
}

/** ISO 8601 or an epoch number (as text or a number), in milliseconds; undefined when neither reads. */
export function parseTimestampMs(value: string | number): number | undefined {
  return typeof value === 'number' ? parseEpochMs(value) : (parseIsoMs(value) ?? parseEpochMs(value));
}
