import { CONTROL_MESSAGE, maskName, maskPhone, MultilineText, Opaque, Text } from './common';

describe('masking personal data', () => {
  it('masks the middle of a mobile number: 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('****');
  });

  it('keeps only the first (and last) character of a name', () => {
    expect(maskName('王明')).toBe('王*');
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('王')).toBe('王');
  });
});

describe('user text refuses control characters', () => {
  const line = Text({ min: 1, max: 20 });
  const lines = MultilineText({ min: 1, max: 20 });

  it.each(['\u001b[31m红字', 'a\u0000b', 'a\u0007b', 'a\u007fb', 'a\u009bb', '第一行\n第二行', 'a\tb'])(
    'a one-line text refuses %j',
    (s) => {
      expect(line.safeParse(s).error?.issues.map((i) => i.message)).toEqual([CONTROL_MESSAGE]);
    },
  );

  it('a multi-line text keeps its newlines but refuses the rest', () => {
    expect(lines.parse(' 第一行\n第二行 ')).toBe('第一行\n第二行');
    expect(lines.safeParse('第一行\r\n第二行').success).toBe(false);
    expect(lines.safeParse('\u001b[2J').success).toBe(false);
  });

  it('trims, then checks the length with Chinese messages', () => {
    expect(line.parse('  王师傅  ')).toBe('王师傅');
    expect(line.safeParse('   ').error?.issues[0]?.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(line.safeParse('字'.repeat(21)).error?.issues[0]?.message).toBe('最多 20 个字');
  });

  it('an opaque string is printable ASCII only', () => {
    const token = Opaque({ max: 10 });
    expect(token.parse('dev:worker')).toBe('dev:worker');
    for (const bad of ['', 'a b', 'a\u0000', '汉字', 'x'.repeat(11)]) expect(token.safeParse(bad).success).toBe(false);
  });
});
