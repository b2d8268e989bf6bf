import '../zod-locale';
import { ActivityCategory } from './activity';
import { Gender, JoinForm, Occupation } from './membership';

// zod's own zh-CN message for an enum lists the codes in English and runs off a phone screen
it('says in plain Chinese what to choose, naming no codes', () => {
  expect(Occupation.safeParse('').error?.issues[0]?.message).toBe('请选择您的职业');
  expect(Gender.safeParse('x').error?.issues[0]?.message).toBe('请选择性别（女或男），也可以不填');
  expect(ActivityCategory.safeParse(undefined).error?.issues[0]?.message).toBe('请选择活动类别');
  const join = JoinForm.safeParse({ name: '王大勇', mobile: '13912345678', employer: '美团', occupation: '', consent: true });
  expect(join.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['occupation', '请选择您的职业']]);
});
