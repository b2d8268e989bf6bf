import { createHash } from 'node:crypto';

// Where a person's export lives, apart from the workbook builder: 注销 deletes the files and must
// not carry exceljs (~500 KB) into its bundle to name them.

/** One export per person per 10 minutes: asked again (or twice at once) within it, the same file. */
export const EXPORT_WINDOW_MS = 10 * 60_000;

/** The person's export folder: a hash of their id (the key names nobody; the id is not in it). */
export const exportFolder = (userId: string, window: number) =>
  `exports/${createHash('sha256').update(`export:${userId}`).digest('hex').slice(0, 32)}-${window}`;

export const windowOf = (now: Date) => Math.floor(now.getTime() / EXPORT_WINDOW_MS);
