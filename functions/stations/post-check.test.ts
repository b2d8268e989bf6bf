import { randomUUID } from 'node:crypto';
import { handler as createPost } from './create-station-post';
import { handler as listPosts } from './list-station-posts';
import { recheckPosts } from './post-check';
import { handler as login } from '../auth/login-with-wechat';
import { forgetAccessToken } from '../lib/wechat/access-token';
import { pendingChecks } from '../tables/feedback';
import { stationIdFor } from '../tables/stations';
import { handedOut, startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { invoke, tokenFor } from '../../test/functions-support/invoke';

// a demo station of 卢沟桥街道 (owned by fengtai-lugouqiao, where the demo staff act)
const stationId = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-05');

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());
beforeEach(() => {
  wechat.down = false;
});

async function newWorker(): Promise<string> {
  return (await invoke(login, { method: 'POST', body: { code: `dev:c-${randomUUID().slice(0, 8)}` } })).body.token;
}

const post = (token: string, text: string, clientRequestId = randomUUID()) =>
  invoke(createPost, { method: 'POST', params: { stationId }, body: { text, clientRequestId }, token });

type Listed = { id: string; text: string; contentCheck?: string; notice?: string };
const wall = async (token: string): Promise<Listed[]> => {
  // read past other tests' posts: the station's wall is shared within this file
  const posts: Listed[] = [];
  let cursor: string | undefined;
  do {
    const page = await invoke(listPosts, { params: { stationId }, query: cursor ? { cursor } : {}, token });
    posts.push(...page.body.posts);
    cursor = page.body.nextCursor;
  } while (cursor && posts.length < 200);
  return posts;
};
const ids = async (token: string) => (await wall(token)).map((p) => p.id);

const checkCalls = () => wechat.calls.filter((c) => c.url.pathname === '/wxa/msg_sec_check');

describe("WeChat's content check on the message wall", () => {
  it('a post that passes is shown to everyone', async () => {
    const author = await newWorker();
    const created = await post(author, '热水很足，谢谢驿站');
    expect(created.status).toBe(201);
    expect(created.body.contentCheck).toBeUndefined();
    expect(created.body.notice).toBeUndefined();
    expect(checkCalls().at(-1)!.body).toEqual({ content: '热水很足，谢谢驿站' });
    expect(await ids(await newWorker())).toContain(created.body.id);
  });

  it('a risky post is refused: its author is told why in Chinese and sees it marked; nobody else ever sees it', async () => {
    const author = await newWorker();
    const requestId = randomUUID();
    const created = await post(author, '这里有违禁内容', requestId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contentCheck: 'refused', notice: '未通过内容审核，仅您自己可见' });

    const own = (await wall(author)).find((p) => p.id === created.body.id);
    expect(own).toMatchObject({ contentCheck: 'refused', notice: '未通过内容审核，仅您自己可见' });
    expect(await ids(await newWorker())).not.toContain(created.body.id);
    // staff of the station's org and above, who see hidden posts, do not see it either
    expect(await ids(await tokenFor('staff'))).not.toContain(created.body.id);
    expect(await ids(await tokenFor('admin'))).not.toContain(created.body.id);

    // the app's retry gets the same refusal, without asking WeChat again
    const calls = checkCalls().length;
    expect((await post(author, '这里有违禁内容', requestId)).body).toMatchObject({ id: created.body.id, contentCheck: 'refused' });
    expect(checkCalls()).toHaveLength(calls);
  });

  it('WeChat unreachable: the post is held from others, then shown once the sweep has checked it', async () => {
    const author = await newWorker();
    wechat.down = true;
    const created = await post(author, '今天的面条很好吃');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contentCheck: 'pending', notice: '正在进行内容安全检查，通过后其他人才能看到' });
    const other = await newWorker();
    expect(await ids(other)).not.toContain(created.body.id);
    expect((await wall(author)).find((p) => p.id === created.body.id)?.contentCheck).toBe('pending');

    // still down: the sweep leaves it held
    await recheckPosts();
    expect(await ids(other)).not.toContain(created.body.id);

    wechat.down = false;
    for (let round = 0; round < 10 && (await pendingChecks(100)).some((c) => c.postId === created.body.id); round++) await recheckPosts();
    expect((await pendingChecks(100)).map((c) => c.postId)).not.toContain(created.body.id);
    expect(await ids(other)).toContain(created.body.id);
    expect((await wall(author)).find((p) => p.id === created.body.id)?.contentCheck).toBeUndefined();
  });

  it('WeChat unreachable for a risky post: held, then refused by the sweep', async () => {
    const author = await newWorker();
    wechat.down = true;
    const created = await post(author, '违禁的东西');
    wechat.down = false;
    for (let round = 0; round < 10 && (await pendingChecks(100)).some((c) => c.postId === created.body.id); round++) await recheckPosts();
    expect((await wall(author)).find((p) => p.id === created.body.id)?.contentCheck).toBe('refused');
    expect(await ids(await newWorker())).not.toContain(created.body.id);
  });

  it('an expired access token (40001) is refreshed once and the post goes through; the token is never logged', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(String(line)));
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(String(line)));
    process.env.LOG_LEVEL = 'info';
    try {
      const author = await newWorker();
      await post(author, '先取得令牌');
      wechat.expireToken();
      const before = checkCalls().length;
      const created = await post(author, '令牌过期后的留言');
      expect(created.body.contentCheck).toBeUndefined(); // passed
      expect(
        checkCalls()
          .slice(before)
          .map((c) => c.url.searchParams.get('access_token')),
      ).toEqual(['fake-access-token', 'fake-access-token-2']);
      wechat.down = true;
      await post(author, '微信不可用时的留言'); // logs a warning
      forgetAccessToken();
      await post(author, '没有令牌时'); // logs the token fetch failing
    } finally {
      process.env.LOG_LEVEL = 'silent';
      log.mockRestore();
      error.mockRestore();
    }
    expect(lines.some((l) => l.includes('content check unavailable'))).toBe(true);
    for (const token of handedOut.accessTokens) expect(lines.join('\n')).not.toContain(token);
  });
});
