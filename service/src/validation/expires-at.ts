import type { StringSchema } from './schema';

/** 9999-12-31T23:59:59Z: the last instant RFC 3339 can write in UTC, and so the last expiry accepted. */
const LATEST_EXPIRY_SECONDS = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/**
 * Epoch seconds of an RFC 3339 date-time, rounded up to the whole second, or undefined when the text is
 * not one (or names a day the calendar lacks: Date.parse would roll 2030-02-30 over into March).
 * Whole seconds keep the DynamoDB TTL attribute and the expiry the service enforces exactly equal.
 */
function parseExpiresAt(value: string): number | undefined {
  const match = RFC3339.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [fraction = '', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match.slice(7);
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year, month, 0);
  const daysInMonth = lastOfMonth.getUTCDate();
  const fieldsValid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
  const offsetValid = zulu !== undefined || (Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59);
  if (!fieldsValid || !offsetValid) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second);
  const offsetSeconds =
    zulu === undefined ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60) : 0;
  const roundUp = /[1-9]/.test(fraction) ? 1 : 0;
  return utc.getTime() / 1000 - offsetSeconds + roundUp;
}

/** Validation yields the expiry in epoch seconds (see parseExpiresAt). */
export function expiresAtSchema(now: () => number): StringSchema<number> {
  return {
    type: 'string',
    description:
      'When the link stops resolving, as an RFC 3339 date-time with a zone (rounded up to the whole second). ' +
      'Omit for a link that does not expire.',
    format: 'date-time',
    examples: ['2030-01-31T23:59:59Z'],
    parse: {
      description: 'A real calendar date-time with Z or a numeric offset.',
      parse: (text) => {
        const seconds = parseExpiresAt(text);
        return seconds === undefined
          ? { ok: false, detail: 'must be an RFC 3339 date-time such as 2030-01-31T23:59:59Z' }
          : { ok: true, value: seconds };
      },
      rules: [
        {
          description: 'At most 9999-12-31T23:59:59Z once its offset is applied.',
          check: (seconds) =>
            seconds > LATEST_EXPIRY_SECONDS
              ? 'must be at most 9999-12-31T23:59:59Z once its offset is applied'
              : undefined,
        },
        {
          description: 'In the future.',
          check: (seconds) => (seconds * 1000 <= now() ? 'must be in the future' : undefined),
        },
      ],
    },
  };
}
