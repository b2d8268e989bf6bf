import { randomUUID } from 'node:crypto';
import { handler as createPost } from './create-station-post';
import { handler as listPosts } from './list-station-posts';
import { handler as hidePost } from './hide-station-post';
import { handler as reportProblem } from './report-station-problem';
import { handler as listReports } from './list-staff-reports';
import { handler as resolveReport } from './resolve-report';
import { handler as login } from '../auth/login-with-wechat';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { stationIdFor } from '../tables/stations';

// posts pass WeChat's content check before others see them (post-check.test.ts tests the check)
let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());

// a demo station of 卢沟桥街道 (owned by fengtai-lugouqiao) and one of 后沙峪镇
const lugouqiaoStation = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-03');
const houshayuStation = stationIdFor('shunyi-houshayu', 'demo-shunyi-houshayu-02');

/** A fresh worker per test, so hourly allowances do not leak between tests. */
async function newWorker(): Promise<string> {
  const reply = await invoke(login, { method: 'POST', body: { code: `dev:w-${randomUUID().slice(0, 8)}` } });
  return reply.body.token;
}

const post = (token: string, text: string, clientRequestId = randomUUID(), stationId = lugouqiaoStation) =>
  invoke(createPost, { method: 'POST', params: { stationId }, body: { text, clientRequestId }, token });

describe('the message wall (幸福碎碎念)', () => {
  it('shows a new post first, with the author masked', async () => {
    const token = await newWorker();
    await post(token, '第一条：热水很方便');
    const second = await post(token, '第二条：谢谢工会，冬天有个暖和地方');
    expect(second.status).toBe(201);
    const wall = await invoke(listPosts, { params: { stationId: lugouqiaoStation }, query: {}, token });
    expect(wall.body.posts[0].text).toBe('第二条：谢谢工会，冬天有个暖和地方');
    expect(wall.body.posts[0].authorName).toBe('微**户'); // 微信用户, masked
  });

  it('posts once when the same submission arrives twice, or 10 times at once', async () => {
    const token = await newWorker();
    const id = randomUUID();
    const replies = await Promise.all(Array.from({ length: 10 }, () => post(token, '双击只发一次', id)));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const wall = await invoke(listPosts, { params: { stationId: lugouqiaoStation }, query: {}, token });
    expect(wall.body.posts.filter((p: { text: string }) => p.text === '双击只发一次')).toHaveLength(1);
  });

  it.each([
    ['', '请写点内容'],
    ['   ', '请写点内容'],
    ['字'.repeat(201), '最多 200 个字'],
    ['<script>alert(1)</script>', '不能包含网页代码'],
  ])('refuses %j with a Chinese field error', async (text, message) => {
    const reply = await post(await newWorker(), text);
    expect(reply.status).toBe(400);
    expect(reply.body.fieldErrors.text[0]).toContain(message);
  });

  it('allows a few posts an hour, then answers 429', async () => {
    const token = await newWorker();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(token, `第 ${i + 1} 条`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('holds the hourly limit under simultaneous posts', async () => {
    const token = await newWorker();
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => post(token, `同时 ${i}`)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('lets the owning staff hide a post: workers no longer see it, staff see it marked hidden', async () => {
    const worker = await newWorker();
    const created = await post(worker, '广告：加微信');
    const staff = await tokenFor('staff');
    const hidden = await invoke(hidePost, {
      method: 'POST',
      params: { stationId: lugouqiaoStation, postId: created.body.id },
      token: staff,
    });
    expect(hidden.status).toBe(200);
    const asWorker = await invoke(listPosts, { params: { stationId: lugouqiaoStation }, query: {}, token: worker });
    expect(asWorker.body.posts.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    const asStaff = await invoke(listPosts, { params: { stationId: lugouqiaoStation }, query: {}, token: staff });
    expect(asStaff.body.posts.find((p: { id: string }) => p.id === created.body.id).hidden).toBe(true);
  });

  it("keeps hidden posts from staff of another org; the station's org and those above it see them", async () => {
    const created = await post(await newWorker(), '违规内容');
    await invoke(hidePost, {
      method: 'POST',
      params: { stationId: lugouqiaoStation, postId: created.body.id },
      token: await tokenFor('staff'),
    });
    const wallFor = async (login: 'staff' | 'shunyi-staff' | 'admin') =>
      (await invoke(listPosts, { params: { stationId: lugouqiaoStation }, query: {}, token: await tokenFor(login) })).body.posts as {
        id: string;
        hidden: boolean;
      }[];
    const otherOrg = await wallFor('shunyi-staff');
    expect(otherOrg.map((p) => p.id)).not.toContain(created.body.id);
    expect(otherOrg.filter((p) => p.hidden)).toEqual([]);
    expect((await wallFor('admin')).find((p) => p.id === created.body.id)?.hidden).toBe(true); // 丰台区, above 卢沟桥
    expect((await wallFor('staff')).find((p) => p.id === created.body.id)?.hidden).toBe(true);
  });

  it('does not let staff of another org hide it (403)', async () => {
    const created = await post(await newWorker(), '好地方');
    const reply = await invoke(hidePost, {
      method: 'POST',
      params: { stationId: lugouqiaoStation, postId: created.body.id },
      token: await tokenFor('shunyi-staff'),
    });
    expect(reply.status).toBe(403);
  });
});

describe('problem reports', () => {
  it("land in the owning org's queue, not in another org's, and can be resolved there", async () => {
    const worker = await newWorker();
    const filed = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId: lugouqiaoStation },
      body: { type: 'microwave-broken', note: '微波炉不转了', clientRequestId: randomUUID() },
      token: worker,
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'open', orgId: 'fengtai-lugouqiao', type: 'microwave-broken' });

    const ids = async (login: 'staff' | 'shunyi-staff' | 'admin', status = 'open') =>
      (await invoke(listReports, { query: { status }, token: await tokenFor(login) })).body.reports.map((r: { id: string }) => r.id);
    expect(await ids('staff')).toContain(filed.body.id);
    expect(await ids('admin')).toContain(filed.body.id); // the district sees its streets' queues
    expect(await ids('shunyi-staff')).not.toContain(filed.body.id);

    const denied = await invoke(resolveReport, {
      method: 'POST',
      params: { reportId: filed.body.id },
      body: {},
      token: await tokenFor('shunyi-staff'),
    });
    expect(denied.status).toBe(403);

    const resolved = await invoke(resolveReport, {
      method: 'POST',
      params: { reportId: filed.body.id },
      body: { note: '已换新' },
      token: await tokenFor('staff'),
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: '李老师', resolutionNote: '已换新' });
    expect(await ids('staff')).not.toContain(filed.body.id);
    expect(await ids('staff', 'resolved')).toContain(filed.body.id);
  });

  it('files one report for a double submit', async () => {
    const worker = await newWorker();
    const body = { type: 'no-water', clientRequestId: randomUUID() };
    const [a, b] = await Promise.all(
      [1, 2].map(() => invoke(reportProblem, { method: 'POST', params: { stationId: houshayuStation }, body, token: worker })),
    );
    expect(a!.body.id).toBe(b!.body.id);
    const queue = await invoke(listReports, { query: {}, token: await tokenFor('shunyi-staff') });
    expect(queue.body.reports.filter((r: { id: string }) => r.id === a!.body.id)).toHaveLength(1);
  });

  it('refuses an unknown problem type and an unknown station', async () => {
    const worker = await newWorker();
    const badType = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId: houshayuStation },
      body: { type: 'aliens', clientRequestId: randomUUID() },
      token: worker,
    });
    expect(badType.status).toBe(400);
    const noStation = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId: 'st-nowhere' },
      body: { type: 'dirty', clientRequestId: randomUUID() },
      token: worker,
    });
    expect(noStation.status).toBe(404);
  });
});
