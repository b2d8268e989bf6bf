/**
 * Times as people in Beijing read and type them, whatever the phone's or server's time zone.
 * Beijing has no daylight saving: UTC+8 all year, so a fixed offset is exact.
 */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const local = (at: string | Date) => new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString();

/** "2026-11-26 09:00": messages naming a window, and the format staff type into the editor */
export const beijingDateTime = (at: string | Date) => local(at).slice(0, 16).replace('T', ' ');

/** "11-26 09:00": lists, where the year goes without saying */
export const beijingTime = (at: string | Date) => local(at).slice(5, 16).replace('T', ' ');

/** "09:00": the same day, e.g. when someone was checked in */
export const beijingClock = (at: string | Date) => local(at).slice(11, 16);

/** "2026-11-26": today's date in Beijing */
export const beijingDate = (at: string | Date) => local(at).slice(0, 10);

/** "2026-11-26 09:00" (Beijing) → ISO instant, or null when it is not a time in that format */
export function fromBeijingInput(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t)) return null;
  const date = new Date(`${t.replace(' ', 'T')}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
