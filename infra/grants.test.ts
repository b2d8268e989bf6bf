import { definitions } from './functions.cjs';
import { CodeReader, handlerFile, mismatches, type Grant } from './code-access';

// Each function's IAM grants (infra/functions.cjs) against what its handler's code reaches, so a
// handler that starts reading a table fails here instead of with AccessDenied after deploy.
const functions = Object.entries(definitions) as [string, { handler: string; access: Grant[] }][];
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
});

describe('the check itself', () => {
  it('follows imports through other modules to the table modules, their indexes and writes', () => {
    // list-join-codes → tables/join-codes (byOrg), tables/members (byCode), orgs/scope → tables/orgs (byPath)
    const { access } = reached('listJoinCodes');
    expect(Object.fromEntries([...access].map(([t, a]) => [t, { write: a.write, indexes: [...a.indexes].sort() }]))).toEqual({
      orgs: { write: false, indexes: ['byPath'] },
      joinCodes: { write: false, indexes: ['byOrg'] },
      members: { write: false, indexes: ['byCode'] },
      users: { write: false, indexes: [] }, // lib/http/handler checks staff sessions against the user record
    });
    // precision per function: joinUnion writes members, getMyMembership only reads the same module
    expect(reached('joinUnion').access.get('members')?.write).toBe(true);
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
