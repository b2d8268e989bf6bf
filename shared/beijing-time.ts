/**
 * Times as people in Beijing read and pick them, whatever the phone's or server's time zone.
 * Beijing has no daylight saving: UTC+8 all year, so a fixed offset is exact, and reading the
 * shifted instant with getUTC* never depends on the machine's own zone.
 *
 * Two formats a person sees, and only these: `beijingDisplay` on every screen and in every message,
 * `beijingExport` in files (CSV) that spreadsheets sort. The rest is for the date and time pickers.
 */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const pad = (n: number) => String(n).padStart(2, '0');
/** the instant moved by +8 h, so its UTC fields are Beijing's wall clock */
const wall = (at: string | Date) => new Date(new Date(at).getTime() + BEIJING_OFFSET_MS);

/** "11月30日 周一": the date part of the display format (a picked date's label); a date alone ("2026-11-30") reads as that day */
export function beijingDay(at: string | Date): string {
  const d = wall(at);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]}`;
}

/** "12:31": the time part of the display format, and the time picker's value */
export function beijingClock(at: string | Date): string {
  const d = wall(at);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "11月30日 周一 12:31": every time shown to a person, on screens and in messages */
export const beijingDisplay = (at: string | Date) => `${beijingDay(at)} ${beijingClock(at)}`;

/** "2026-11-30": the date picker's value, and dates in file names */
export const beijingDate = (at: string | Date) => wall(at).toISOString().slice(0, 10);

/**
 * A calendar day ("2026-11-30") moved by whole days ("2026-11-30" + 180 → "2027-05-29"): arithmetic on
 * a day already in Beijing's calendar, so no time zone enters (a claim's deadline, the last N days).
 */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** "2026-11-30 12:31": times in exported files (sorts as text, Excel reads it as a date) */
export const beijingExport = (at: string | Date) => `${beijingDate(at)} ${beijingClock(at)}`;

/** A picked Beijing date ("2026-11-30") and time ("12:31") → ISO instant, or null when either is not one. */
export function fromBeijing(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const instant = new Date(`${date}T${time}:00+08:00`);
  // Date rolls 02-30 over to 03-02: only a date that reads back the same is one
  if (Number.isNaN(instant.getTime()) || beijingExport(instant) !== `${date} ${time}`) return null;
  return instant.toISOString();
}

/** "2026年11月30日 12:31": a time in a WeChat subscribe message (its `time` fields take this form) */
export function beijingWechatTime(at: string | Date): string {
  const [y, m, d] = beijingDate(at).split('-').map(Number);
  return `${y}年${m}月${d}日 ${beijingClock(at)}`;
}
