import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { recordAnswers } from '../tables/notify';

/**
 * What the member answered to requestSubscribeMessage at a tap (提交 of the join form, 报名 /
 * 候补报名, 提交 of a report): accept allows one message of that template, reject and ban none.
 * Idempotent by the app's askId: a retried POST counts once.
 */
export const handler = defineHandler(contract.recordSubscriptions, async ({ body }, { principal, log }) => {
  const remaining = await recordAnswers(principal.userId, body.askId, body.answers);
  log.info('subscribe answers recorded', { userId: principal.userId, answers: body.answers });
  return { remaining };
});
