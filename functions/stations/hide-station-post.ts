import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { hidePost } from '../tables/feedback';
import { getStation } from '../tables/stations';

export const handler = defineHandler(contract.hideStationPost, async ({ params }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const org = await assertInScope(principal, station.orgId);
  const hidden = await hidePost(station.id, params.postId);
  if (!hidden) throw notFound('找不到这条留言');
  if (hidden.changed) {
    await recordAudit({
      principal,
      org,
      kind: 'post.hide',
      object: { type: 'post', id: hidden.post.id, label: station.name },
      // the post's text is the worker's own words: not copied into the log; its author already masked
      summary: `隐藏「${station.name}」留言墙上 ${hidden.post.authorName} 的一条留言`,
    });
  }
  return hidden.post;
});
