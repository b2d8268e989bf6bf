import { contract } from '@shared/contract';
import { createClient, type Transport } from '@shared/client';
import { taroTransport } from './taro-transport';
import { currentToken, handleStaffOnly, handleUnauthorized } from '../session-store';

/** Every reply passes here once: a 403 staff_only tells the staff pages this session is a worker's. */
const transport: Transport = async (request) => {
  const reply = await taroTransport(request);
  if (reply.status === 403 && (reply.data as { code?: unknown } | null)?.code === 'staff_only') handleStaffOnly();
  return reply;
};

/** The app's API: one typed method per route of the shared contract. */
export const api = createClient(contract, {
  baseUrl: API_BASE_URL,
  transport,
  getToken: currentToken,
  onUnauthorized: handleUnauthorized,
});

export { ApiError } from '@shared/client';
