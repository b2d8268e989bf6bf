import { Location, NearbyQuery } from './station';
import { Capacity } from './activity';

describe('numbers are ones the tables can hold and that make sense', () => {
  it('a station lies in China; its coordinates keep 7 decimals (about 1 cm)', () => {
    expect(Location.parse({ lat: 39.904698123456789, lng: 116.40739 })).toEqual({ lat: 39.9046981, lng: 116.40739 });
    for (const bad of [
      { lat: 1e-131, lng: 116 },
      { lat: 39.9, lng: 1e300 },
      { lat: -0, lng: 116 },
      { lat: 48.85, lng: 2.35 },
      { lat: Number.NaN, lng: 116 },
      { lat: Infinity, lng: 116 },
    ]) {
      const result = Location.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('a search position from the query string is checked the same way', () => {
    expect(NearbyQuery.parse({ lat: '39.90469812345', lng: '116.4' })).toMatchObject({ lat: 39.9046981, lng: 116.4 });
    for (const lat of ['1e-131', '-0', 'NaN', '1e309', '', 'north'])
      expect(NearbyQuery.safeParse({ lat, lng: '116.4' }).success).toBe(false);
  });

  it('counts are whole numbers within their range', () => {
    for (const bad of [0, -0, 1.5, 1e-131, 1e300, 100_001, Number.MAX_SAFE_INTEGER + 2])
      expect(Capacity.safeParse(bad).success).toBe(false);
    expect(Capacity.parse(100_000)).toBe(100_000);
  });
});
