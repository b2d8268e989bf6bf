import { contract, successStatus, buildPath } from '.';
import { ErrorBody } from '../errors';

it('every route has exactly one success status and a Chinese summary', () => {
  for (const def of Object.values(contract)) {
    expect(() => successStatus(def)).not.toThrow();
    expect(def.summary).toMatch(/[\u4e00-\u9fa5]/);
  }
});

it('fills and encodes path parameters', () => {
  expect(buildPath('/orgs/{orgId}', { orgId: 'a b' })).toBe('/orgs/a%20b');
  expect(() => buildPath('/orgs/{orgId}', {})).toThrow(/orgId/);
});

it('the error body carries field errors as lists of messages', () => {
  expect(ErrorBody.safeParse({ code: 'bad_request', message: '有误', fieldErrors: { code: ['必填'] }, requestId: 'r' }).success).toBe(true);
});
