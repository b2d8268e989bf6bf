import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small local stand-in for WeChat's code2Session endpoint, answering as the real one does:
 *   ok-<name>   → { openid: 'openid-<name>', session_key }
 *   used        → errcode 40163 (code been used)
 *   busy        → errcode 45011 (rate limited)
 *   anything else → errcode 40029 (invalid code)
 * and the phone-number exchange: getPhoneNumber code `phone-<11 digits>` → that number.
 */
export const FAKE_SESSION_KEY = 'fake-session-key-must-never-leak';

/**
 * Every openid and session key this fake has handed out, in this test file: the shared `invoke`
 * checks every response body for them (and for the openid hashes stored from them).
 */
export const handedOut = { openids: new Set<string>(), sessionKeys: new Set<string>([FAKE_SESSION_KEY]) };

export interface FakeWechat {
  baseUrl: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    const code = url.searchParams.get('js_code') ?? '';
    let reply: object;
    if (url.pathname === '/cgi-bin/token') reply = { access_token: 'fake-access-token', expires_in: 7200 };
    else if (url.pathname === '/wxa/business/getuserphonenumber') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const phoneCode = (JSON.parse(body || '{}') as { code?: string }).code ?? '';
        const answer =
          url.searchParams.get('access_token') === 'fake-access-token' && phoneCode.startsWith('phone-')
            ? { errcode: 0, phone_info: { purePhoneNumber: phoneCode.slice(6), countryCode: '86' } }
            : { errcode: 40029, errmsg: 'invalid code' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
      return;
    } else if (url.pathname !== '/sns/jscode2session') reply = { errcode: 404, errmsg: 'not found' };
    else if (code.startsWith('ok-')) {
      reply = { openid: `openid-${code.slice(3)}`, session_key: FAKE_SESSION_KEY };
      handedOut.openids.add(`openid-${code.slice(3)}`);
    } else if (code === 'used') reply = { errcode: 40163, errmsg: 'code been used' };
    else if (code === 'busy') reply = { errcode: 45011, errmsg: 'api minute-quota reach limit' };
    else reply = { errcode: 40029, errmsg: 'invalid code' };
    // WeChat answers JSON with a text/plain content type; keep that quirk.
    res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
