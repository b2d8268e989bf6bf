import Taro from '@tarojs/taro';
import type { Transport } from '@shared/client';

/** The only place that calls Taro.request (wx.request on weapp, fetch on H5). */
export const taroTransport: Transport = async ({ method, url, headers, body }) => {
  const reply = await Taro.request({
    url,
    method: method as 'GET',
    header: headers,
    data: body,
    dataType: 'json',
    timeout: 15_000,
  });
  // Production H5 builds resolve failures with an errMsg instead of rejecting: don't trust a missing status.
  if (typeof reply?.statusCode !== 'number' || reply.statusCode === 0) throw new Error(reply?.errMsg ?? 'request failed');
  return { status: reply.statusCode, data: reply.data };
};
