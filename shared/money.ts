/**
 * Money as people read it: amounts are kept in fen (integers: no float rounding), shown as yuan with
 * thousands separators and two decimals, ¥1,234.56. One formatter for the server's texts (消息,
 * timeline notes, exports) and both apps. Written by hand, not toLocaleString: the weapp runtime's
 * Intl is not to be trusted on every phone.
 */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** The amount in yuan as a plain number for a spreadsheet cell: 123456 → 1234.56. */
export const yuanNumber = (fen: number): number => Math.round(fen) / 100;
