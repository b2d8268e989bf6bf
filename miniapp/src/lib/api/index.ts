import { contract } from '@shared/contract';
import { createClient } from '@shared/client';
import { taroTransport } from './taro-transport';
import { currentToken, handleUnauthorized } from '../session-store';

/** The app's API: one typed method per route of the shared contract. */
export const api = createClient(contract, {
  baseUrl: API_BASE_URL,
  transport: taroTransport,
  getToken: currentToken,
  onUnauthorized: handleUnauthorized,
});

export { ApiError } from '@shared/client';
