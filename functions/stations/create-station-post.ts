import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { notFound, tooManyRequests } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { addPost, idFor } from '../tables/feedback';
import { getStation } from '../tables/stations';
import { getUser } from '../tables/users';

export const POSTS_PER_HOUR = 5;

export const handler = defineHandler(contract.createStationPost, async ({ params, body }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  const user = await getUser(principal.userId);
  const post = {
    id: idFor('p', principal.userId, body.clientRequestId),
    text: body.text,
    authorName: maskName(user?.displayName ?? '职工'),
    createdAt: new Date().toISOString(),
    hidden: false,
  };
  const result = await addPost(station.id, post, principal.userId, POSTS_PER_HOUR);
  if ('overLimit' in result) throw tooManyRequests(`每小时最多留言 ${POSTS_PER_HOUR} 条，请稍后再来`);
  return 'created' in result ? result.created : result.existing;
});
