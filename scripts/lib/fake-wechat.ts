import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { subscribeVerdict, type SubscribeSend } from './fake-wechat-subscribe';
import jpeg from 'jpeg-js';

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
 *   POST /wxa/img_sec_check       multipart, the picture as `media` (JPEG): over 1 MB or over 750 × 1334 px
 *                                 → 40006; a mostly red picture (the marker) → 87014 risky; else pass
 *   POST /cgi-bin/message/subscribe/send  subscribe messages: field limits checked (47003), sends
 *                                 kept in `sent` (scripts/lib/fake-wechat-subscribe.ts)
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
  /** the subscribe messages it accepted, in order */
  sent: SubscribeSend[];
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
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const multipart = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '');
      if (multipart) return resolve(formParts(raw, multipart[2]!));
      try {
        resolve((JSON.parse(raw.toString() || '{}') as Record<string, unknown>) ?? {});
      } catch {
        resolve({});
      }
    });
  });

/** A multipart body's parts by name, each as its bytes (enough for the one file WeChat's upload APIs take). */
function formParts(raw: Buffer, boundary: string): Record<string, Buffer> {
  const parts: Record<string, Buffer> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2); // after CRLF, before CRLF
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/.exec(part.subarray(0, Math.max(0, headerEnd)).toString())?.[1];
    if (name && headerEnd >= 0) parts[name] = part.subarray(headerEnd + 4);
    at = next;
  }
  return parts;
}

/** img_sec_check: WeChat's limits, then the marker for a refused picture: mostly red. */
function imageVerdict(body: Record<string, unknown>): object {
  const media = body.media;
  if (!Buffer.isBuffer(media)) return { errcode: 47001, errmsg: 'data format error' };
  if (media.length > 1024 * 1024) return { errcode: 40006, errmsg: 'invalid media size' };
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(media, { useTArray: true, formatAsRGBA: true });
  } catch {
    return { errcode: 40006, errmsg: 'invalid media' };
  }
  if (image.width > 750 || image.height > 1334) return { errcode: 40006, errmsg: 'invalid media size' };
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    r += image.data[i]!;
    g += image.data[i + 1]!;
    b += image.data[i + 2]!;
  }
  const n = image.data.length / 4 || 1;
  const red = r / n > 180 && g / n < 80 && b / n < 80;
  return red ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
}

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
  const sent: SubscribeSend[] = [];
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
    if (url.pathname === '/wxa/img_sec_check') {
      if (!url.searchParams.has('access_token')) return { errcode: 41001, errmsg: 'access_token missing' };
      return imageVerdict(body);
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (!url.searchParams.has('access_token')) return { errcode: 41001, errmsg: 'access_token missing' };
      return subscribeVerdict(body, sent);
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
    sent,
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
