/** Activities happen in Beijing whatever the phone's time zone: show every time as Beijing time. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** "11-26 09:00" */
export const beijingTime = (iso: string) => new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');

/** "2026-11-26 09:00", the format staff type into the editor */
export const beijingInput = (date: Date) => new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** "2026-11-26 09:00" (Beijing) → ISO instant, or null when it is not a time in that format */
export function fromBeijingInput(local: string): string | null {
  const text = local.trim();
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(text)) return null;
  const date = new Date(`${text.replace(' ', 'T')}:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
