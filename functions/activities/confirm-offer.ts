import { contract } from '../../shared/contract';
import { gone } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { confirmOffer, getSignup } from '../tables/signups';
import { signupView } from './views';

export const handler = defineHandler(contract.confirmOffer, async ({ params }, { principal }) => {
  const confirmed = await confirmOffer(params.activityId, principal.userId);
  if (confirmed) return signupView(confirmed);
  const s = await getSignup(params.activityId, principal.userId);
  if (s?.status === 'confirmed') return signupView(s);
  throw gone('确认时间已过，名额已顺延给下一位');
});
