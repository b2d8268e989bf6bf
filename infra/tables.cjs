// The DynamoDB tables, defined once. serverless.yml turns them into CloudFormation resources;
// scripts/lib/local-tables creates the same tables in DynamoDB Local for `npm start` and the tests.
// Plain CommonJS because the Serverless Framework loads it with require().
'use strict';

/** @typedef {{ hash: string, range?: string }} KeyDef */
/** @typedef {{ attributes: Record<string, 'S' | 'N'>, key: KeyDef, indexes?: Record<string, KeyDef>, ttl?: string, stream?: 'NEW_IMAGE', purpose: string }} TableDef */

/**
 * Lists over an org's whole subtree (docs/org-scale.md): an item of org X carries scope<d> =
 * "<id of X's ancestor at depth d>#<list>" for each depth of X's path (≤ 5) and a listKey
 * ("<time>#<id>"); one GSI per depth answers "this list for everything under org A" with one Query.
 */
const SCOPE_DEPTHS = 5;
const scopeAttributes = Object.fromEntries([...Array.from({ length: SCOPE_DEPTHS }, (_, d) => [`scope${d}`, 'S']), ['listKey', 'S']]);
const scopeIndexes = Object.fromEntries(
  Array.from({ length: SCOPE_DEPTHS }, (_, d) => [`byScope${d}`, { hash: `scope${d}`, range: 'listKey' }]),
);

/** @type {Record<string, TableDef>} */
const tables = {
  users: {
    purpose:
      'people who signed in: profile items and one identity item per WeChat openid (unique by key); invitations (TTL) and per-district admin counters; byStaffOrg lists the staff of an org; 注销: deletion markers deleted#<hash> (TTL 25 h) and erasure tasks; 导出我的数据: one marker per person per 10 minutes (TTL a day)',
    attributes: { pk: 'S', staffOrg: 'S', erasureQueue: 'S', queuedAt: 'S' },
    key: { hash: 'pk' },
    // erasures: 注销 tasks (erasure#<id>) whose tail (sign-ups, messages, posts, audit) is still being anonymised
    indexes: { byStaffOrg: { hash: 'staffOrg', range: 'pk' }, erasures: { hash: 'erasureQueue', range: 'queuedAt' } },
    ttl: 'expiresAt',
  },
  orgs: {
    purpose:
      "the union org tree with code markers (code#<code>); byPath lists a subtree (begins_with on the path), byParent an org's children a page at a time (open first, by name), byName finds orgs by name prefix within a district; rescopes: tasks (rescope#<orgId>) to rewrite a moved org's listed items",
    attributes: {
      id: 'S',
      tree: 'S',
      pathKey: 'S',
      parentId: 'S',
      childKey: 'S',
      nameScope: 'S',
      name: 'S',
      rescopeQueue: 'S',
      queuedAt: 'S',
    },
    key: { hash: 'id' },
    indexes: {
      byPath: { hash: 'tree', range: 'pathKey' },
      byParent: { hash: 'parentId', range: 'childKey' },
      byName: { hash: 'nameScope', range: 'name' },
      rescopes: { hash: 'rescopeQueue', range: 'queuedAt' },
    },
  },
  stations: {
    purpose: "rest stations (found near a point through the stationIndex table); byOrg lists an org's",
    attributes: { id: 'S', orgId: 'S', ...scopeAttributes },
    key: { hash: 'id' },
    indexes: {
      ...scopeIndexes,
      byOrg: { hash: 'orgId', range: 'id' },
    },
  },
  stationIndex: {
    purpose:
      'the nearby index (docs/stations.md, "Nearby index"): per layer and geohash-3 region, packed tiles (t) and list views (w) of the stations of each geohash bit-cell, sorted by the cell\'s bits so neighbours are one Query; the directory d#<kind><layer>#<region> of its leaf cells; the live items of each station (today\'s visits and reports, docs/station-network.md) expire by TTL',
    attributes: { pk: 'S', sk: 'S' },
    key: { hash: 'pk', range: 'sk' },
    ttl: 'expiresAt',
  },
  feedback: {
    purpose: 'message-wall posts (per station, newest first), problem reports (byQueue: per org and status), rate-limit counters (TTL)',
    attributes: { pk: 'S', sk: 'S', queue: 'S', createdAt: 'S', userId: 'S', reporterId: 'S', ...scopeAttributes },
    key: { hash: 'pk', range: 'sk' },
    indexes: {
      ...scopeIndexes,
      byQueue: { hash: 'queue', range: 'createdAt' },
      // a person's posts and reports, for 注销 (docs/privacy-and-content.md, "Your rights")
      byAuthor: { hash: 'userId', range: 'sk' },
      byReporter: { hash: 'reporterId', range: 'sk' },
    },
    ttl: 'expiresAt',
  },
  joinCodes: {
    purpose: "signed join codes (QR) per org and outreach event, with a scan counter; byOrg lists an org's codes",
    attributes: { id: 'S', orgId: 'S', createdAt: 'S', ...scopeAttributes },
    key: { hash: 'id' },
    indexes: {
      ...scopeIndexes,
      byOrg: { hash: 'orgId', range: 'createdAt' },
    },
  },
  members: {
    purpose:
      'memberships (one per user) with uniqueness markers for phone and member number; byQueue: per org and status; byCode: per join code',
    attributes: { pk: 'S', queue: 'S', joinedAt: 'S', codeId: 'S', ...scopeAttributes },
    key: { hash: 'pk' },
    indexes: {
      ...scopeIndexes,
      byQueue: { hash: 'queue', range: 'joinedAt' },
      byCode: { hash: 'codeId', range: 'joinedAt' },
    },
    // returned applications (and their markers), 180 days after the return (docs/privacy-and-content.md, Retention)
    ttl: 'expiresAt',
  },
  activities: {
    purpose:
      "activities and benefits with their capacity counter (or counter shards <id>#s<k> for city-wide ones); byOrg lists an org's; refills marks those whose freed places the sweeper offers on; byAudience: the workers' list (open, or member-only by district/street); reminders: those with a reminder ahead (sparse, by when it is due)",
    attributes: {
      id: 'S',
      orgId: 'S',
      startsAt: 'S',
      refillBucket: 'S',
      refillDueAt: 'S',
      audience: 'S',
      remindBucket: 'S',
      remindAt: 'S',
      ...scopeAttributes,
    },
    key: { hash: 'id' },
    indexes: {
      ...scopeIndexes,
      byOrg: { hash: 'orgId', range: 'startsAt' },
      refills: { hash: 'refillBucket', range: 'refillDueAt' },
      byAudience: { hash: 'audience', range: 'listKey' },
      reminders: { hash: 'remindBucket', range: 'remindAt' },
    },
  },
  signups: {
    purpose:
      "one sign-up per member and activity; byStatus orders the waiting list; byMember lists a member's; holds finds offers past their deadline; TTL purges old cancelled ones",
    attributes: { activityId: 'S', memberId: 'S', activityStatus: 'S', queueKey: 'S', holdBucket: 'S', holdExpiresAt: 'S' },
    key: { hash: 'activityId', range: 'memberId' },
    indexes: {
      byStatus: { hash: 'activityStatus', range: 'queueKey' },
      byMember: { hash: 'memberId', range: 'activityId' },
      holds: { hash: 'holdBucket', range: 'holdExpiresAt' },
    },
    ttl: 'expiresAt',
  },
};

tables.audit = {
  purpose:
    'the audit log: one entry per staff write (who, acting for which org, what, on which object), personal data masked; listed by scope (all, by kind, by person); TTL three years',
  attributes: { pk: 'S', sk: 'S', subject: 'S', ...scopeAttributes },
  key: { hash: 'pk', range: 'sk' },
  // bySubject: the entries about one member (subject = their userId), anonymised when they 注销
  indexes: { ...scopeIndexes, bySubject: { hash: 'subject', range: 'sk' } },
  ttl: 'expiresAt',
};

tables.inbox = {
  purpose:
    "each person's messages (我的 → 消息): one item per person per event (sk = hash of the event key, so a replayed event is recorded once); byUser lists them newest first, the sparse unread index counts and marks the unread; delivery status for the WeChat sender; TTL 180 days",
  attributes: { userId: 'S', id: 'S', listKey: 'S', unreadOf: 'S', deliverQueue: 'S', deliverAt: 'S' },
  key: { hash: 'userId', range: 'id' },
  indexes: {
    byUser: { hash: 'userId', range: 'listKey' },
    unread: { hash: 'unreadOf', range: 'listKey' },
    // sparse: messages the WeChat sender still has to act on (new, to retry, claimed), by when
    deliveries: { hash: 'deliverQueue', range: 'deliverAt' },
  },
  ttl: 'expiresAt',
  // new messages go to the WeChat subscribe sender (deliverStream, infra/functions.cjs)
  stream: 'NEW_IMAGE',
};

tables.outreach = {
  purpose:
    "outreach events (沟通会, issue 12): event#<id> / event (byScope<d>: a subtree's events, latest first, list `event`, listKey startsAt#id); stall mode under event#<id>: svc#<key> service counters, tally, lease#<device>#<svc> (leases: the expired ones), reg#<svc>#<memberNo>, act#<key> action answers (TTL 30 days) (docs/outreach.md)",
  attributes: { pk: 'S', sk: 'S', leaseBucket: 'S', leaseExpiresAt: 'S', hostOrgId: 'S', startsAt: 'S', ...scopeAttributes },
  key: { hash: 'pk', range: 'sk' },
  // leases: sparse, only a stall device's lease items (leaseBucket = 'lease'), by when they run out: the sweep returns expired ones
  // byHost: event items only (hostOrgId, startsAt): an org's own events, rewritten from there when the org moves
  indexes: { ...scopeIndexes, leases: { hash: 'leaseBucket', range: 'leaseExpiresAt' }, byHost: { hash: 'hostOrgId', range: 'startsAt' } },
  ttl: 'expiresAt',
};

tables.network = {
  purpose:
    'the station network (docs/station-network.md): visit markers (one per person and station, TTL), volunteer supervisors (sup#<user>/st#<station> and st#<station>/sup#<user>), inspections (st#<station>/insp#<at>#<id>, marker insp#<id>), per station due#<id> (overdue list over a subtree: scope list inspect, listKey <last inspection>#<id>) and best#<id> (最美驿站 candidates: scope list best, listKey by score)',
  attributes: { pk: 'S', sk: 'S', ...scopeAttributes },
  key: { hash: 'pk', range: 'sk' },
  indexes: { ...scopeIndexes },
  ttl: 'expiresAt',
};

tables.stats = {
  purpose:
    'counters kept when things happen, per org and Beijing day or month, added to the org and every ancestor: pk <orgId>#d<yyyy-mm-dd> or <orgId>#m<yyyy-mm>, sk the family (events, …); reports read them, never the subtree (docs/outreach.md)',
  attributes: { pk: 'S', sk: 'S' },
  key: { hash: 'pk', range: 'sk' },
};

tables.claims = {
  purpose:
    "mutual-aid claims (互助保障理赔, docs/claims-and-draws.md): claim#<id> / - (byScope<d>: open or closed claims of a subtree's members, list claim#open | claim#closed, listKey <submittedAt>#<id>, oldest first); member#<memberId> / claim#<createdAt>#<id> the member's own list (我的理赔); once#<hash> / - a replayed start; claimant#<memberId>#<yyyy-mm> / - the member filed that month (stats people); TTL expiresAt once closed",
  attributes: { pk: 'S', sk: 'S', ...scopeAttributes },
  key: { hash: 'pk', range: 'sk' },
  indexes: { ...scopeIndexes },
  ttl: 'expiresAt',
};

tables.draws = {
  purpose:
    "draws (摇号, docs/claims-and-draws.md): draw#<activityId> / - the secret seed, its commitment and the run's progress (pending: draws not yet allocated, by close time, for the sweeper); draw#<activityId> / order#<runId>#<k> the drawn order in chunks of ≤ 500 entries; draw#<activityId> / pardon#<memberId> a pardon of the no-show rule; noshow#<memberId> / <orgId> the member's won places in that org's draws and whether they checked in",
  attributes: { pk: 'S', sk: 'S', drawQueue: 'S', closesAt: 'S' },
  key: { hash: 'pk', range: 'sk' },
  indexes: { pending: { hash: 'drawQueue', range: 'closesAt' } },
};

const service = 'union-services';

/** e.g. union-services-prod-users */
function tableName(stage, table) {
  return `${service}-${stage}-${table}`;
}

/** TABLE_USERS etc.: the environment variable that carries a table's name to the functions. */
function tableEnvName(table) {
  return `TABLE_${table.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function logicalId(table) {
  return `${table[0].toUpperCase()}${table.slice(1)}Table`;
}

function keySchema(key) {
  const schema = [{ AttributeName: key.hash, KeyType: 'HASH' }];
  if (key.range) schema.push({ AttributeName: key.range, KeyType: 'RANGE' });
  return schema;
}

/** The CreateTable input shared by CloudFormation and DynamoDB Local. */
function createTableInput(stage, table) {
  const def = tables[table];
  const input = {
    TableName: tableName(stage, table),
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: Object.entries(def.attributes).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(def.key),
  };
  const indexes = Object.entries(def.indexes || {});
  if (indexes.length > 0) {
    input.GlobalSecondaryIndexes = indexes.map(([IndexName, key]) => ({
      IndexName,
      KeySchema: keySchema(key),
      Projection: { ProjectionType: 'ALL' },
    }));
  }
  return input;
}

/** CloudFormation resources for every table of a stage. */
function cloudFormationTables(stage) {
  const resources = {};
  for (const table of Object.keys(tables)) {
    const def = tables[table];
    const properties = {
      ...createTableInput(stage, table),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: stage === 'prod',
      SSESpecification: { SSEEnabled: true },
    };
    if (def.ttl) properties.TimeToLiveSpecification = { AttributeName: def.ttl, Enabled: true };
    if (def.stream) properties.StreamSpecification = { StreamViewType: def.stream };
    resources[logicalId(table)] = {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: stage === 'prod' ? 'Retain' : 'Delete',
      UpdateReplacePolicy: stage === 'prod' ? 'Retain' : 'Delete',
      Properties: properties,
    };
  }
  return resources;
}

/** provider.environment entries: every table name, by stage. */
function tableEnvironment(stage) {
  return Object.fromEntries(Object.keys(tables).map((t) => [tableEnvName(t), tableName(stage, t)]));
}

module.exports = {
  tables,
  SCOPE_DEPTHS,
  service,
  tableName,
  tableEnvName,
  logicalId,
  createTableInput,
  cloudFormationTables,
  tableEnvironment,
};
