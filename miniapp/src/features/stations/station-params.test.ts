import { stationParams } from './station-params';

it('reads the station’s id and name from the page query, encoded (weapp) or not (H5)', () => {
  expect(stationParams({ id: 'st-1', name: encodeURIComponent('卢沟桥驿站') })).toEqual({ id: 'st-1', name: '卢沟桥驿站' });
  expect(stationParams({ id: 'st-1', name: '卢沟桥驿站' })).toEqual({ id: 'st-1', name: '卢沟桥驿站' });
  expect(stationParams({ id: 'st-1', name: '100%满意驿站' })).toEqual({ id: 'st-1', name: '100%满意驿站' });
  expect(stationParams({})).toEqual({ id: '', name: undefined });
});
