import { daysWaited, fenFromYuan, yuanText } from './amount';

it('reads yuan as typed into fen, exactly, and says what is wrong otherwise', () => {
  const fen = (typed: string) => fenFromYuan(typed, '请填写核准金额');
  expect(['3000', '3,000.5', '¥1234.56', ' 0.29 ', '0.1', '1000000'].map(fen)).toEqual([
    { fen: 300000 },
    { fen: 300050 },
    { fen: 123456 },
    { fen: 29 },
    { fen: 10 },
    { fen: 100000000 },
  ]);
  expect(fen('')).toEqual({ problem: '请填写核准金额' });
  expect(fen('12.345')).toEqual({ problem: '金额最多两位小数（精确到分）' });
  expect(fen('0')).toEqual({ problem: '金额须大于 0' });
  expect(fen('1000000.01')).toEqual({ problem: '金额不能超过 100 万元' });
  expect(fen('三千')).toEqual({ problem: '请填写数字金额，例如 3000 或 1234.56' });
  expect(fen('-5')).toEqual({ problem: '请填写数字金额，例如 3000 或 1234.56' });
  expect(yuanText(300050)).toBe('3000.50');
});

it('counts Beijing days waited, not 24-hour spans', () => {
  // 23:59 on 30 Nov in Beijing → 00:01 on 1 Dec: a day
  expect(daysWaited('2026-11-30T15:59:00.000Z', new Date('2026-11-30T16:01:00.000Z'))).toBe(1);
  expect(daysWaited('2026-11-30T16:01:00.000Z', new Date('2026-12-01T15:59:00.000Z'))).toBe(0);
});
