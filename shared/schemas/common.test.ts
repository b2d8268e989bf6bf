import { maskName, maskPhone } from './common';

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
