/**
 * Amounts are kept in fen (integers: no rounding drift) and shown as people write them in China:
 * ¥1,234.56 — a yuan sign, thousands separated, always two decimals.
 */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}
