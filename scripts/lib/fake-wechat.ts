import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small local stand-in for WeChat's server API, answering as the real one does. The tests start
 * one per file; `npm start` runs one on WECHAT_PORT (4600) with WECHAT_API_BASE pointed at it.
 *
 *   GET  /sns/jscode2session      ok-<name> → { openid: 'openid-<name>', session_key }; used → 40163;
 *                                 busy → 45011; anything else → 40029
 *   POST /cgi-bin/stable_token    { grant_type, appid, secret, force_refresh } → the current access
 *                                 token (force_refresh: a new one; the old one stops working)
 *   GET  /cgi-bin/token           the older token API, same token
 *   POST /wxa/business/getuserphonenumber  { code: 'phone-<11 digits>' } → that number
 *   POST /wxa/msg_sec_check       content with 违禁 → risky (v1: errcode 87014; v2: result.suggest
 *                                 risky), with 待审 → review (v2; v1 has no review and passes it),
 *                                 else pass
 * Every call with an access_token checks it: a stale or unknown one gets 40001, as WeChat answers.
 * Tests can take WeChat down (`down`), make a path answer an errcode once (`failNext`), or expire
 * the token (`expireToken`).
 */
export const FAKE_SESSION_KEY = 'fake-session-key-must-never-leak';

/**
 * Every openid, session key and access token this fake has handed out, in this test file: the
 * shared `invoke` checks every response body for them (and for the openid hashes stored from them).
 */
export const handedOut = {
  openids: new Set<string>(),
  sessionKeys: new Set<string>([FAKE_SESSION_KEY]),
  accessTokens: new Set<string>(),
};

export interface FakeWechatCall {
  url: URL;
  /** the parsed JSON body of a POST */
  body: Record<string, unknown>;
}

export interface FakeWechat {
  baseUrl: string;
  requests: URL[];
  calls: FakeWechatCall[];
  /** while true every request fails at the connection, as when WeChat is unreachable */
  down: boolean;
  /** the next call to `path` answers `{ errcode }` instead (e.g. 40001 to exercise the token refresh) */
  failNext(path: string, errcode: number): void;
  /** the current token stops working (as at its expiry); stable_token hands out a new one */
  expireToken(): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Record<string, unknown>>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        resolve((JSON.parse(body || '{}') as Record<string, unknown>) ?? {});
      } catch {
        resolve({});
      }
    });
  });

function contentVerdict(body: Record<string, unknown>): object {
  const content = typeof body.content === 'string' ? body.content : '';
  const v2 = body.version === 2;
  if (typeof body.content !== 'string') return { errcode: 47001, errmsg: 'data format error' };
  if (v2 && (typeof body.openid !== 'string' || !body.openid)) return { errcode: 40003, errmsg: 'invalid openid' };
  const suggest = content.includes('违禁') ? 'risky' : content.includes('待审') && v2 ? 'review' : 'pass';
  if (!v2) return suggest === 'risky' ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
  return {
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label: suggest === 'pass' ? 100 : 20001 },
    detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20001 }],
    trace_id: `fake-trace-${Date.now()}`,
  };
}

export async function startFakeWechat(opts: { port?: number } = {}): Promise<FakeWechat> {
  const requests: URL[] = [];
  const calls: FakeWechatCall[] = [];
  const failures = new Map<string, number[]>();
  let generation = 1;
  const tokenOf = (n: number) => `fake-access-token${n === 1 ? '' : `-${n}`}`;
  const current = () => {
    const token = tokenOf(generation);
    handedOut.accessTokens.add(token);
    return token;
  };

  const answer = async (req: IncomingMessage, url: URL): Promise<object> => {
    const body = req.method === 'POST' ? await readBody(req) : {};
    calls.push({ url, body });
    const queued = failures.get(url.pathname);
    if (queued?.length) return { errcode: queued.shift(), errmsg: 'failure on demand' };
    if (url.pathname === '/cgi-bin/token') return { access_token: current(), expires_in: 7200 };
    if (url.pathname === '/cgi-bin/stable_token') {
      if (body.grant_type !== 'client_credential' || !body.appid || !body.secret) return { errcode: 40013, errmsg: 'invalid appid' };
      if (body.force_refresh === true) generation += 1;
      return { access_token: current(), expires_in: 7200 };
    }
    if (url.searchParams.has('access_token') && url.searchParams.get('access_token') !== current())
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (url.pathname === '/wxa/business/getuserphonenumber') {
      const phoneCode = typeof body.code === 'string' ? body.code : '';
      return url.searchParams.has('access_token') && phoneCode.startsWith('phone-')
        ? { errcode: 0, phone_info: { purePhoneNumber: phoneCode.slice(6), countryCode: '86' } }
        : { errcode: 40029, errmsg: 'invalid code' };
    }
    if (url.pathname === '/wxa/msg_sec_check') {
      if (!url.searchParams.has('access_token')) return { errcode: 41001, errmsg: 'access_token missing' };
      return contentVerdict(body);
    }
    if (url.pathname !== '/sns/jscode2session') return { errcode: 404, errmsg: 'not found' };
    const code = url.searchParams.get('js_code') ?? '';
    if (code.startsWith('ok-')) {
      handedOut.openids.add(`openid-${code.slice(3)}`);
      return { openid: `openid-${code.slice(3)}`, session_key: FAKE_SESSION_KEY };
    }
    if (code === 'used') return { errcode: 40163, errmsg: 'code been used' };
    if (code === 'busy') return { errcode: 45011, errmsg: 'api minute-quota reach limit' };
    return { errcode: 40029, errmsg: 'invalid code' };
  };

  const fake: FakeWechat = {
    baseUrl: '',
    requests,
    calls,
    down: false,
    failNext(path, errcode) {
      failures.set(path, [...(failures.get(path) ?? []), errcode]);
    },
    expireToken() {
      generation += 1;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };

  const server: Server = createServer((req, res) => {
    if (fake.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    answer(req, url).then(
      // WeChat answers JSON with a text/plain content type; keep that quirk.
      (reply) => res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify(reply)),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}`;
  return fake;
}
