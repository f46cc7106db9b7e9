// Operating hours of a venue: a daily window on some weekdays at a fixed UTC offset, or always
// open ("24x7", the default). Judged on the run's clock, so a researcher can set business hours
// against round-the-clock settlement and see which payments wait or fail.
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OperatingHours {
  /** Minutes after local midnight: open from openMinute up to (not including) closeMinute. */
  openMinute: number;
  closeMinute: number;
  days: Weekday[];
  /** Local time minus UTC, in minutes. */
  utcOffsetMinutes: number;
  /** As written in the scenario, for messages. */
  text: string;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** "09:30" → 570, or undefined when it is not a time of day. */
export function minuteOfDay(text: string): number | undefined {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** "+08:00" → 480, or undefined beyond ±14:00 or when malformed. */
export function offsetMinutes(text: string): number | undefined {
  const match = /^([+-])([01][0-9]):([0-5][0-9])$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return minutes > 14 * 60 ? undefined : match[1] === '-' ? -minutes : minutes;
}

/** Whether a venue with these hours (undefined: always) is open at `nowMs`. */
export function isOpen(hours: OperatingHours | undefined, nowMs: number): boolean {
  if (!hours) return true;
  const localMinutes = Math.floor(nowMs / MINUTE_MS) + hours.utcOffsetMinutes;
  const dayIndex = Math.floor(localMinutes / DAY_MINUTES);
  // 1970-01-01 was a Thursday.
  const weekday = WEEKDAYS[(((dayIndex + 4) % 7) + 7) % 7];
  const minute = ((localMinutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return (
    weekday !== undefined &&
    hours.days.includes(weekday) &&
    minute >= hours.openMinute &&
    minute < hours.closeMinute
  );
}
