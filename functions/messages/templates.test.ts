import { characterString, cut, messageFor, phrase, wechatTime, type Deliverable } from './templates';
import { subscribeVerdict, type SubscribeSend } from '../../scripts/lib/fake-wechat-subscribe';

beforeAll(() => {
  for (const key of ['REVIEW', 'WAITLIST', 'EXPIRING', 'REMINDER', 'REPORT'])
    process.env[`WECHAT_TEMPLATE_${key}`] = `tmpl-${key.toLowerCase()}`;
});

describe('field values within WeChat limits', () => {
  it('cuts a thing to 20 with an ellipsis inside the limit, whole characters only', () => {
    expect(cut('卢沟桥街道总工会', 20)).toBe('卢沟桥街道总工会');
    const long = '丰台区卢沟桥街道总工会环卫工人春节慰问品领取活动';
    expect(cut(long, 20)).toBe(`${long.slice(0, 19)}…`);
    expect(cut(long, 20)).toHaveLength(20);
    expect(cut('  多个   空格\n换行  ', 20)).toBe('多个 空格 换行');
  });

  it('never splits an emoji, a surrogate pair or a joined emoji sequence', () => {
    const emoji = '🎉'.repeat(15); // 30 UTF-16 units
    const out = cut(emoji, 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).toBe(`${'🎉'.repeat(9)}…`);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
    const family = '👨‍👩‍👧'; // 8 units, one grapheme
    const mixed = cut(`活动${family}${family}${family}`, 20);
    expect(mixed).toBe(`活动${family}${family}…`);
    expect(cut(`一二三四五六七八九十一二三四五六七八九${family}`, 20)).toBe('一二三四五六七八九十一二三四五六七八九…');
  });

  it('phrase keeps at most 5 Chinese characters and nothing else', () => {
    expect(phrase('已通过')).toBe('已通过');
    expect(phrase('OK 已通过 ✓ 审核完毕')).toBe('已通过审核');
    expect(phrase('123')).toBe('已更新');
  });

  it('time is Beijing time as WeChat wants it; character_string is ≤ 32 ASCII', () => {
    expect(wechatTime('2026-11-30T06:30:00.000Z')).toBe('2026年11月30日 14:30');
    expect(wechatTime('2026-12-31T16:05:00.000Z')).toBe('2027年1月1日 00:05');
    expect(characterString('编号 HY-2026-0001 '.repeat(4))).toBe('HY-2026-0001HY-2026-0001HY-2026-');
  });
});

describe('every kind with a template gives fields the fake WeChat (with WeChat’s limits) accepts', () => {
  const long = '「'.repeat(3) + '丰台区卢沟桥街道总工会环卫工人春节慰问品领取活动🎉🎉🎉';
  const base = { title: long, body: long, createdAt: '2026-11-30T06:30:00.000Z' };
  const items: Deliverable[] = [
    { ...base, kind: 'join.approved', facts: { org: long }, target: { screen: 'card' } },
    { ...base, kind: 'join.returned', facts: { org: long, reason: long } },
    { ...base, kind: 'transfer.accepted', facts: { org: long } },
    {
      ...base,
      kind: 'offer.made',
      facts: { activity: long, deadline: '2026-11-30T07:00:00.000Z' },
      target: { screen: 'signups', id: 'ac-1' },
    },
    { ...base, kind: 'offer.expiring', facts: { activity: long, deadline: '2026-11-30T07:00:00.000Z' } },
    { ...base, kind: 'activity.reminder', facts: { activity: long, startsAt: '2026-12-01T01:00:00.000Z', place: long } },
    { ...base, kind: 'activity.reminder' }, // recorded without facts: falls back on the title and body
    { ...base, kind: 'report.resolved', facts: { station: long, problem: '设施', note: long }, target: { screen: 'station', id: 'st-1' } },
  ];

  it.each(items.map((i, n) => [`${i.kind} #${n}`, i] as const))('%s', (_name, item) => {
    const message = messageFor(item)!;
    expect(message).not.toBeNull();
    const sent: SubscribeSend[] = [];
    const reply = subscribeVerdict({ touser: 'openid-x', template_id: message.templateId, page: message.page, data: message.data }, sent);
    expect(reply).toMatchObject({ errcode: 0 });
    // the harder cut after a 47003 is within limits too
    expect(subscribeVerdict({ touser: 'openid-x', template_id: 't', data: messageFor(item, 12)!.data }, sent)).toMatchObject({
      errcode: 0,
    });
  });

  it('opens the page the inbox would; inbox-only kinds and unconfigured templates give no message', () => {
    expect(messageFor(items[0]!)!.page).toBe('pages/member-card/index');
    // an offer opens 我的报名 at its activity; one recorded before targets carried the id, at the top
    expect(messageFor(items[3]!)!.page).toBe('pages/my-signups/index?activity=ac-1');
    expect(messageFor({ ...items[3]!, target: { screen: 'signups' } })!.page).toBe('pages/my-signups/index');
    expect(messageFor(items[7]!)!.page).toBe('pages/station/index?id=st-1');
    // an inspection's task resolved opens the inspection, in the supervise subpackage
    expect(messageFor({ ...items[7]!, target: { screen: 'inspection', id: 'in-1' } })!.page).toBe(
      'supervise/pages/inspection/index?id=in-1',
    );
    expect(messageFor({ ...base, kind: 'invitation.accepted' })).toBeNull();
    delete process.env.WECHAT_TEMPLATE_REPORT;
    expect(messageFor(items[7]!)).toBeNull();
    process.env.WECHAT_TEMPLATE_REPORT = 'tmpl-report';
  });

  it('the fake refuses what WeChat refuses: a long thing, a phrase with digits, a bad time', () => {
    const sent: SubscribeSend[] = [];
    const send = (data: Record<string, string>) =>
      subscribeVerdict(
        { touser: 'o', template_id: 't', data: Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])) },
        sent,
      );
    expect(send({ thing1: '一'.repeat(21) })).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.thing1.value') });
    expect(send({ phrase2: '通过1' })).toMatchObject({ errcode: 47003 });
    expect(send({ phrase2: '六个汉字不行' })).toMatchObject({ errcode: 47003 });
    expect(send({ time3: '2026-11-30 14:30:00' })).toMatchObject({ errcode: 47003 });
    expect(subscribeVerdict({ template_id: 't', data: { thing1: { value: 'x' } } }, sent)).toMatchObject({ errcode: 40003 });
    expect(sent).toEqual([]);
  });
});
