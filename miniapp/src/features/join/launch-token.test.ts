import { tokenFromLaunch, tokenFromText } from './launch-token';

const token = 'AbCdEfGhIjK_lmnopqrstuvwxyz-0123';

it('reads the token from every way in', () => {
  const url = `https://union.example.cn/j/${token}`;
  expect(tokenFromLaunch({ q: encodeURIComponent(url) })).toBe(token);
  expect(tokenFromLaunch({ scene: encodeURIComponent(token) })).toBe(token);
  expect(tokenFromLaunch({ token })).toBe(token);
  expect(tokenFromText(url)).toBe(token);
  expect(tokenFromText(`  ${token} `)).toBe(token);
});

it('finds nothing in other QR codes or typos', () => {
  expect(tokenFromText('https://example.com/other/path')).toBeNull();
  expect(tokenFromText('abc')).toBeNull();
  expect(tokenFromLaunch({})).toBeNull();
});
