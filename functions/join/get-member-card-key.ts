import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { cardPublicJwk } from '../lib/member-card-key';

export const handler = defineHandler(contract.getMemberCardKey, async () => ({ keys: [{ ...(await cardPublicJwk()) }] }));
