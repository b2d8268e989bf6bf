import { distanceMeters, formatDistance } from './geo';

it('measures a known distance: Tiananmen to the Lugou Bridge is about 15 km', () => {
  const d = distanceMeters({ lat: 39.9087, lng: 116.3975 }, { lat: 39.8497, lng: 116.2134 });
  expect(d).toBeGreaterThan(16_000);
  expect(d).toBeLessThan(18_000);
});

it('formats distances the way people say them', () => {
  expect(formatDistance(347)).toBe('350 米');
  expect(formatDistance(1234)).toBe('1.2 公里');
});
