import { resources } from './functions.cjs';

type Statement = { Action: string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

async function statementsOf(role: string): Promise<Statement[]> {
  const all = (await resources({ resolveVariable: async () => 'dev' })) as unknown as Record<
    string,
    { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } }
  >;
  return all[role]!.Properties.Policies[0]!.PolicyDocument.Statement;
}

const onTable = (statements: Statement[], logicalId: string) =>
  statements.filter((s) => JSON.stringify(s.Resource).includes(`"${logicalId}"`) && s.Action.includes('dynamodb:GetItem'));

describe('grants limited to some items of a table (dynamodb:LeadingKeys)', () => {
  it.each(['DeliverStreamRole', 'DeliverDueRole'])('%s reads and writes only notify#… items of the users table', async (role) => {
    const statements = await statementsOf(role);
    const users = onTable(statements, 'UsersTable');
    expect(users).toHaveLength(1);
    expect(users[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['notify#*'] } });
    // the inbox grant stays whole: the sender claims and settles any member's messages
    expect(onTable(statements, 'InboxTable')[0]!.Condition).toBeUndefined();
  });

  it('a grant without leadingKeys has no condition', async () => {
    const [users] = onTable(await statementsOf('RecordSubscriptionsRole'), 'UsersTable');
    expect(users!.Condition).toBeUndefined();
  });
});
