import { definitions } from './functions.cjs';
import { CodeReader, handlerFile, mismatches, s3Mismatches, type Grant } from './code-access';

// Each function's IAM grants (infra/functions.cjs) against what its handler's code reaches, so a
// handler that starts reading a table fails here instead of with AccessDenied after deploy.
const functions = Object.entries(definitions) as [string, { handler: string; access: Grant[]; s3?: string[] }][];
const grantsOf = (name: string): Grant[] => functions.find(([n]) => n === name)![1].access;
let reader: CodeReader;

beforeAll(() => {
  reader = new CodeReader(functions.map(([, def]) => handlerFile(def.handler)));
});

const reached = (name: string) => reader.accessOf(handlerFile(functions.find(([n]) => n === name)![1].handler));

describe('IAM grants match the code', () => {
  it.each(functions.map(([name]) => name))('%s: grants exactly the tables, indexes and writes its code reaches', (name) => {
    const { access, problems } = reached(name);
    expect(problems).toEqual([]);
    expect(mismatches(grantsOf(name), access)).toEqual([]);
  });

  it.each(functions.map(([name]) => name))('%s: grants exactly the S3 actions its code uses', (name) => {
    expect(s3Mismatches(functions.find(([n]) => n === name)![1].s3, reached(name).s3)).toEqual([]);
  });
});

// Every staff write is recorded in the audit log (issue 10): a function on a non-GET /staff/… or
// /invitations/… route, or an export, must write the audit table (functions/lib/audit.ts), so a new
// staff write cannot forget it. The few that write nothing worth recording are listed, with why.
const notAudited: Record<string, string> = {
  createPhotoUpload: 'only signs an upload URL; the photo is recorded when addStationPhoto keeps it',
  previewInvitation: 'reads an invitation (POST only to keep its secret out of the URL); writes nothing',
};
const isAuditedRoute = (route: string | undefined) => {
  if (!route || route === '*') return false;
  const [method, path] = route.split(' ') as [string, string];
  return (method !== 'GET' && /^\/(staff|invitations)\//.test(path)) || /\/export$/.test(path);
};

describe('every staff write is recorded in the audit log', () => {
  const audited = (Object.entries(definitions) as [string, { route?: string }][])
    .filter(([name, def]) => isAuditedRoute(def.route) && !(name in notAudited))
    .map(([name]) => name);

  it('finds the staff writes to check', () => {
    expect(audited).toEqual(
      expect.arrayContaining(['reviewMembership', 'checkIn', 'createInvitation', 'acceptInvitation', 'exportStations']),
    );
  });

  it.each(audited)('%s writes the audit table', (name) => {
    expect(reached(name).access.get('audit')?.write ?? false).toBe(true);
  });

  it('the allow-list names only functions that exist and would otherwise be checked', () => {
    for (const name of Object.keys(notAudited)) {
      const def = (definitions as Record<string, { route?: string }>)[name];
      expect([name, isAuditedRoute(def?.route)]).toEqual([name, true]);
    }
  });
});

describe('the check itself', () => {
  it('follows imports through other modules to the table modules, their indexes and writes', () => {
    // list-join-codes → tables/join-codes (a scope query: byScope*), orgs/scope → tables/orgs (GetItem), tables/orgs (BatchGet)
    const { access } = reached('listJoinCodes');
    expect(Object.fromEntries([...access].map(([t, a]) => [t, { write: a.write, indexes: [...a.indexes].sort() }]))).toEqual({
      orgs: { write: false, indexes: [] },
      joinCodes: { write: false, indexes: ['byScope*'] },
      users: { write: false, indexes: [] }, // lib/http/handler checks staff sessions against the user record
    });
    // precision per function: joinUnion writes members (and, through a transaction item built in
    // tables/join-codes, the code's figures), getMyMembership only reads the same module
    expect(reached('joinUnion').access.get('members')?.write).toBe(true);
    expect(reached('joinUnion').access.get('joinCodes')?.write).toBe(true);
    expect(reached('getMyMembership').access.get('members')?.write).toBe(false);
  });

  it('fails a handler that reads a table, queries an index or writes without a grant', () => {
    const { access } = reached('listStationPosts');
    expect(mismatches([{ table: 'feedback', actions: 'read' }], access)).toEqual([
      'reaches table orgs without a grant',
      'reaches table stations without a grant',
      'reaches table users without a grant',
    ]);
    expect(mismatches([{ table: 'orgs', actions: 'read' }], reached('listOrgTree').access)).toEqual([
      'queries orgs index byParent without a grant',
      'reaches table users without a grant',
    ]);
    const hide = grantsOf('hideStationPost').map((g) => (g.table === 'feedback' ? { ...g, actions: 'read' as const } : g));
    expect(mismatches(hide, reached('hideStationPost').access)).toEqual(['writes feedback with a read grant']);
  });

  it('reads S3 actions per function: signing a link needs GetObject, a presigned POST PutObject', () => {
    expect([...reached('getStation').s3]).toEqual(['s3:GetObject']);
    expect([...reached('createPhotoUpload').s3]).toEqual(['s3:PutObject']);
    expect([...reached('addStationPhoto').s3].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(reached('listStaffStations').s3.size).toBe(0);
    expect(s3Mismatches(['s3:GetObject', 's3:PutObject'], reached('getStation').s3)).toEqual(['grant of s3:PutObject that no code needs']);
    expect(s3Mismatches([], reached('removeStationPhoto').s3)).toEqual([
      'needs s3:DeleteObject without a grant',
      'needs s3:GetObject without a grant',
    ]);
  });

  it('fails a grant no code needs', () => {
    expect(
      mismatches(
        [
          { table: 'users', actions: 'read-write' },
          { table: 'members', actions: 'read', indexes: ['byQueue'] },
        ],
        reached('getMe').access,
      ),
    ).toEqual(['grant on members that no code needs', 'read-write grant on users, but nothing writes it']);
  });
});
