import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { hidePost } from '../tables/feedback';
import { getStation } from '../tables/stations';

export const handler = defineHandler(contract.hideStationPost, async ({ params }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertInScope(principal, station.orgId);
  const post = await hidePost(station.id, params.postId);
  if (!post) throw notFound('找不到这条留言');
  return post;
});
