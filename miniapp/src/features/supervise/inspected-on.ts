import { beijingDate, beijingDay } from '@shared/beijing-time';

/**
 * The day of an inspection as every screen says a day ("9月1日 周一"), with the year in front when it
 * was not this (Beijing) year: a station unchecked since last year must not read as checked this year.
 */
export function inspectedOn(at: string, now: Date = new Date()): string {
  const year = beijingDate(at).slice(0, 4);
  return year === beijingDate(now).slice(0, 4) ? beijingDay(at) : `${year}年${beijingDay(at)}`;
}
