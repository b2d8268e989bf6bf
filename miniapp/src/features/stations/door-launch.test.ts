import { doorFromLaunch, doorFromUrl } from './door-launch';

const token = 'AbCdEfGh_jK-mnop';
const url = `https://union.example.cn/d/st-42/${token}`;

it('reads the station and the door token from a scanned poster (weapp passes the URL as q, encoded once)', () => {
  expect(doorFromLaunch({ q: encodeURIComponent(url), scancode_time: '1764400000' })).toEqual({ stationId: 'st-42', door: token });
  expect(doorFromLaunch({ q: encodeURIComponent(`${url}/`) })).toEqual({ stationId: 'st-42', door: token });
  expect(doorFromLaunch({ q: encodeURIComponent(`${url}?from=poster`) })).toEqual({ stationId: 'st-42', door: token });
});

it('reads in-app navigation and the H5 redirect (?id=…&door=…)', () => {
  expect(doorFromLaunch({ id: 'st-42', door: token })).toEqual({ stationId: 'st-42', door: token });
  // opened from the list or a shared link: no door, nothing to count
  expect(doorFromLaunch({ id: 'st-42', distance: '350' })).toEqual({ stationId: 'st-42', door: null });
  expect(doorFromLaunch({ id: 'st-42', door: '' })).toEqual({ stationId: 'st-42', door: null });
});

it('finds the door in an H5 path, and nothing in other links', () => {
  expect(doorFromUrl(`/d/st-42/${token}`)).toEqual({ stationId: 'st-42', door: token });
  expect(doorFromUrl(`/j/${token}abcdefgh`)).toBeNull();
  expect(doorFromUrl('https://example.com/d/st-42')).toBeNull();
  expect(doorFromUrl('/d/ST 42/abc')).toBeNull();
  expect(doorFromUrl(undefined)).toBeNull();
  // a q that is some other link falls back to the page's own parameters
  expect(doorFromLaunch({ q: encodeURIComponent('https://example.com/other'), id: 'st-1' })).toEqual({ stationId: 'st-1', door: null });
  expect(doorFromLaunch({ q: '%E0%A4%A' })).toEqual({ stationId: '', door: null });
  expect(doorFromLaunch({})).toEqual({ stationId: '', door: null });
});
