import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Org } from '../../shared/schemas/org';
import { createTableInput } from '../../infra/tables.cjs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { db } from '../lib/db';
import { putOrg } from '../tables/orgs';
import { handler as listOrgChildren } from './list-org-children';
import { handler as listOrgTree } from './list-org-tree';
import { handler as searchOrgs } from './search-orgs';

// A street with 300 workplace unions, in an orgs table of its own (the other test files share the
// seeded one): every org route reads one page with one Query, whatever the size of the level.
const STAGE = 'orgscale';
const previousTable = process.env.TABLE_ORGS;
const input = createTableInput(STAGE, 'orgs');
const STREET = 'fengtai-lugouqiao';
const units: Org[] = Array.from({ length: 300 }, (_, i) => {
  const id = `big-unit-${String(i).padStart(3, '0')}`;
  return {
    id,
    code: `110106001-9${String(i).padStart(3, '0')}`,
    status: 'open',
    name: `卢沟桥街道第${String(i).padStart(3, '0')}企业工会`,
    shortName: `第${i}企业工会`,
    level: 'grassroots',
    parentId: STREET,
    path: ['beijing', 'fengtai', STREET, id],
  };
});

type Sent = { command: string; table?: string; index?: string };
let sent: Sent[] = [];

beforeAll(async () => {
  await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
  process.env.TABLE_ORGS = input.TableName;
  for (const org of demoOrgs) await putOrg(org);
  for (let i = 0; i < units.length; i += 25) await Promise.all(units.slice(i, i + 25).map(putOrg));
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const command = args.input as { TableName?: string; IndexName?: string };
      sent.push({ command: context.commandName ?? '?', table: command.TableName, index: command.IndexName });
      return next(args);
    },
    { step: 'initialize', name: 'countOrgRequests' },
  );
}, 60_000);

afterAll(async () => {
  db().middlewareStack.remove('countOrgRequests');
  process.env.TABLE_ORGS = previousTable;
  await db().send(new DeleteTableCommand({ TableName: input.TableName }));
});

/** The requests a call sent to the orgs table (the handler may also read the users table). */
async function orgRequests<T>(call: () => Promise<T>): Promise<{ reply: T; requests: Sent[] }> {
  sent = [];
  const reply = await call();
  return { reply, requests: sent.filter((s) => s.table === input.TableName) };
}

it('children of a street with 300 unions: pages of 50, each one Query (and one GetItem for the 404)', async () => {
  const token = await tokenFor('worker');
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const { reply, requests } = await orgRequests(() =>
      invoke(listOrgChildren, { params: { orgId: STREET }, query: cursor ? { cursor } : {}, token }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.orgs.length).toBeLessThanOrEqual(50);
    expect(requests.filter((r) => r.command === 'QueryCommand')).toEqual([
      { command: 'QueryCommand', table: input.TableName, index: 'byParent' },
    ]);
    expect(requests).toHaveLength(2);
    seen.push(...reply.body.orgs.map((o: Org) => o.id));
    cursor = reply.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  expect(pages).toBeGreaterThanOrEqual(7); // 302 children: 6 full pages and a short one
  expect(new Set(seen).size).toBe(302);
  expect(seen).toEqual(expect.arrayContaining(units.map((u) => u.id)));
});

it('GET /orgs?under= a large street: the street and its first 50 children, one Query', async () => {
  const token = await tokenFor('worker');
  const measured = await orgRequests(() => invoke(listOrgTree, { query: { under: STREET }, token }));
  expect(measured.reply.status).toBe(200);
  expect(measured.reply.body.roots[0].children).toHaveLength(50);
  expect(measured.reply.body.childrenCursor).toEqual(expect.any(String));
  expect(measured.requests.map((r) => r.command)).toEqual(['GetItemCommand', 'QueryCommand']);
});

it('search by name prefix in a district with 300 matches: one Query, a page of 20', async () => {
  const token = await tokenFor('staff');
  const first = await orgRequests(() => invoke(searchOrgs, { query: { q: '卢沟桥街道第' }, token }));
  expect(first.reply.status).toBe(200);
  expect(first.reply.body.orgs).toHaveLength(20);
  expect(first.reply.body.orgs[0].name).toBe('卢沟桥街道第000企业工会');
  expect(first.requests.filter((r) => r.command === 'QueryCommand')).toEqual([
    { command: 'QueryCommand', table: input.TableName, index: 'byName' },
  ]);
  expect(first.requests.length).toBeLessThanOrEqual(2); // + the staff member's acting org
  const next = await orgRequests(() => invoke(searchOrgs, { query: { q: '卢沟桥街道第', cursor: first.reply.body.nextCursor }, token }));
  expect(next.reply.body.orgs[0].name).toBe('卢沟桥街道第020企业工会');
  expect(next.requests.filter((r) => r.command === 'QueryCommand')).toHaveLength(1);
});
