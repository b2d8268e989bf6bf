import { ProfileCorrection } from './account';
import { JoinForm, lastReturn, PersonName } from './membership';

const messages = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message);

describe('a real name says the same on the join form and on 更正信息', () => {
  it.each(['', '   ', '王'])('%j is told only 请填写真实姓名', (name) => {
    expect(messages(PersonName.safeParse(name))).toEqual(['请填写真实姓名']);
    expect(messages(ProfileCorrection.safeParse({ name }))).toEqual(['请填写真实姓名']);
    const join = JoinForm.safeParse({ name, mobile: '13912345678', employer: '美团', occupation: 'courier', consent: true });
    expect(messages(join)).toEqual(['请填写真实姓名']);
  });

  it('other characters are named as such; names in Chinese or letters pass', () => {
    expect(messages(PersonName.safeParse('王123'))).toEqual(['姓名只能包含汉字或字母']);
    expect(messages(ProfileCorrection.safeParse({ name: '王123' }))).toEqual(['姓名只能包含汉字或字母']);
    for (const ok of ['王小明', '阿依古丽·买买提', 'Li Ming']) expect(PersonName.safeParse(ok).success).toBe(true);
  });
});

describe('lastReturn', () => {
  it('reads the latest return (已退回：<reason>) from a history, with its time', () => {
    const history = [
      { at: '2026-11-30T01:00:00.000Z', what: '扫码提交入会申请' },
      { at: '2026-11-30T02:00:00.000Z', what: '已退回：工作单位没写全', by: '张工' },
      { at: '2026-11-30T03:00:00.000Z', what: '修改后重新提交入会申请' },
      { at: '2026-11-30T04:00:00.000Z', what: '已退回：请写全名', by: '张工' },
      { at: '2026-11-30T05:00:00.000Z', what: '修改后重新提交入会申请' },
    ];
    expect(lastReturn(history)).toEqual({ reason: '请写全名', at: '2026-11-30T04:00:00.000Z' });
    expect(lastReturn(history.slice(0, 1))).toBeUndefined();
  });
});
