import { taroFake } from './taro-fake';
import { agreeToPrivacy } from '../src/lib/privacy-consent';

type Answer = [status: number, body: unknown];
type Route = Answer | ((body: any, query: URLSearchParams) => Answer);

/**
 * Answers the app's requests by "METHOD /path" (the query string is passed to the route, not
 * matched), like the API would; a request the test did not prepare gets a Chinese 404. The person
 * has agreed to the current privacy guideline unless `privacyConsent: false`.
 */
export function fakeApi(routes: Record<string, Route>, options: { privacyConsent?: boolean } = {}) {
  taroFake.reset();
  // every screen starts after the first-run privacy notice, which has its own tests (privacy-notice.test.tsx)
  if (options.privacyConsent !== false) agreeToPrivacy();
  taroFake.respond = ({ url, method, data }) => {
    const { pathname, searchParams } = new URL(url);
    const route = routes[`${method} ${pathname}`];
    if (!route) return { statusCode: 404, data: { code: 'route_not_found', message: `测试没有准备 ${method} ${pathname}` } };
    const [statusCode, body] = typeof route === 'function' ? route(data, searchParams) : route;
    return { statusCode, data: body };
  };
  return {
    /** the bodies sent to one route, oldest first */
    sent: (key: string) => taroFake.requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === key).map((r) => r.data),
    /** the full URLs requested for one route (to read query strings) */
    urls: (key: string) => taroFake.requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === key).map((r) => r.url),
  };
}
