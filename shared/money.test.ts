import { yuan, yuanNumber } from './money';

it('shows fen as yuan with separators and two decimals', () => {
  expect(yuan(300_000)).toBe('¥3,000.00');
  expect(yuan(123_456)).toBe('¥1,234.56');
  expect(yuan(5)).toBe('¥0.05');
  expect(yuan(0)).toBe('¥0.00');
  expect(yuan(100_000_000)).toBe('¥1,000,000.00');
  expect(yuan(99_999)).toBe('¥999.99');
  expect(yuan(-1_050)).toBe('-¥10.50');
  expect(yuanNumber(123_456)).toBe(1234.56);
});
