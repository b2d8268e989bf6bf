import { planQueries } from './geo-search';

it('merges neighbouring sub-cells of one parent into one range query', () => {
  // '0','1','2' are consecutive in geohash order; 'b' is not next to '2'
  expect(planQueries(['wx4dv0', 'wx4dv1', 'wx4dv2', 'wx4dvb', 'wx4dy0'])).toEqual([
    { cell5: 'wx4dv', from: 'wx4dv0', to: 'wx4dv2' },
    { cell5: 'wx4dv', from: 'wx4dvb', to: 'wx4dvb' },
    { cell5: 'wx4dy', from: 'wx4dy0', to: 'wx4dy0' },
  ]);
});

it('reads a whole parent cell when it would otherwise take more than two queries', () => {
  expect(planQueries(['wx4dv0', 'wx4dv2', 'wx4dv4'])).toEqual([{ cell5: 'wx4dv', from: 'wx4dv0', to: 'wx4dvz' }]);
});
