// Every Lambda function: its handler, its HTTP route and the tables (and indexes) it may touch.
// serverless.yml takes `functions` and `resources` from here, so each function gets its own IAM role
// granting exactly those tables. The route list must match shared/contract (tested).
'use strict';

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { tables, logicalId, cloudFormationTables, tableEnvironment, service } = require('./tables.cjs');
const { photoStatements, cloudFormationBuckets, bucketEnvironment } = require('./buckets.cjs');

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'];

/**
 * @typedef {{ table: string, actions: 'read' | 'read-write', indexes?: string[], leadingKeys?: string[] }} TableAccess
 * leadingKeys: only items whose partition key matches one of these patterns (IAM dynamodb:LeadingKeys, StringLike)
 * s3: actions on the photos bucket's stations/ prefix, or s3Prefix's (exports/, or a list of prefixes) (infra/buckets.cjs); memorySize/timeout: above the provider's 512 MB / 10 s
 * stream: the table whose stream runs it (its filter: new items born delivery = pending); templates: the subscribe-message template ids
 * door: signs or checks door tokens (DOOR_SECRET, functions/lib/door-token.ts)
 * @typedef {{ handler: string, route?: string, schedule?: string, stream?: string, access: TableAccess[], s3?: string[], s3Prefix?: string | string[], memorySize?: number, timeout?: number, wechat?: boolean, cardKey?: boolean, templates?: boolean, door?: boolean }} FunctionDef
 * @type {Record<string, FunctionDef>}
 */
const functions = {
  getHealth: { handler: 'functions/system/get-health.handler', route: 'GET /health', access: [{ table: 'orgs', actions: 'read' }] },
  routeNotFound: { handler: 'functions/system/route-not-found.handler', route: '*', access: [] },
  loginWithWechat: {
    handler: 'functions/auth/login-with-wechat.handler',
    route: 'POST /auth/wechat',
    access: [{ table: 'users', actions: 'read-write' }],
    wechat: true,
  },
  getMe: { handler: 'functions/auth/get-me.handler', route: 'GET /me', access: [{ table: 'users', actions: 'read' }] },
  recordPrivacyConsent: {
    handler: 'functions/privacy/record-privacy-consent.handler',
    route: 'POST /me/privacy-consent',
    access: [{ table: 'users', actions: 'read-write' }],
  },
  withdrawPrivacyConsent: {
    handler: 'functions/privacy/withdraw-privacy-consent.handler',
    route: 'POST /me/privacy-consent/withdraw',
    access: [{ table: 'users', actions: 'read-write' }],
  },
  // PIPL rights (docs/privacy-and-content.md, "Your rights")
  exportMyData: {
    handler: 'functions/account/export-my-data.handler',
    route: 'POST /me/data-export',
    access: [
      { table: 'users', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'signups', actions: 'read', indexes: ['byMember'] },
      { table: 'inbox', actions: 'read' },
      { table: 'feedback', actions: 'read', indexes: ['byAuthor', 'byReporter'] },
      { table: 'claims', actions: 'read' }, // the member's claims (summaries, no photos)
    ],
    s3: ['s3:GetObject', 's3:PutObject'], // writes the files, signs the links
    s3Prefix: 'exports/',
    timeout: 20,
    memorySize: 1024,
  },
  correctMyProfile: {
    handler: 'functions/account/correct-my-profile.handler',
    route: 'PATCH /me/profile',
    access: [
      { table: 'users', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read-write' },
    ],
    wechat: true, // the phone-number exchange on weapp
  },
  deleteMyAccount: {
    handler: 'functions/account/delete-my-account.handler',
    route: 'POST /me/account/delete',
    access: [
      { table: 'users', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read-write' },
      { table: 'joinCodes', actions: 'read-write' }, // a withdrawn application leaves its code's figures
      { table: 'activities', actions: 'read-write' }, // places ahead given up as a cancel does
      { table: 'signups', actions: 'read-write', indexes: ['byMember', 'byStatus', 'holds'] },
      { table: 'inbox', actions: 'read-write' },
      { table: 'feedback', actions: 'read-write', indexes: ['byAuthor', 'byReporter'] },
      { table: 'audit', actions: 'read-write', indexes: ['bySubject'] },
      { table: 'network', actions: 'read-write' }, // a supervisor's appointments and inspections
      { table: 'claims', actions: 'read-write' }, // the member's claims (and their photos), deleted
      { table: 'draws', actions: 'read-write' }, // the member's no-show history and pardons, deleted
    ],
    s3: ['s3:DeleteObject', 's3:ListBucket'], // the copy 导出我的数据 made, if any; the claims' photos and uploads
    s3Prefix: ['exports/', 'claims/'],
  },
  // the tails of 注销 (sign-ups, messages, posts, audit entries of a long history)
  finishErasures: {
    handler: 'functions/account/erasure.handler',
    schedule: 'rate(1 minute)',
    timeout: 60,
    access: [
      { table: 'users', actions: 'read-write', indexes: ['erasures'] },
      { table: 'activities', actions: 'read-write' }, // places ahead given up as a cancel does
      { table: 'signups', actions: 'read-write', indexes: ['byMember', 'byStatus', 'holds'] },
      { table: 'inbox', actions: 'read-write' },
      { table: 'feedback', actions: 'read-write', indexes: ['byAuthor', 'byReporter'] },
      { table: 'audit', actions: 'read-write', indexes: ['bySubject'] },
      { table: 'network', actions: 'read-write' }, // a supervisor's appointments and inspections
      { table: 'claims', actions: 'read-write' }, // the member's claims (and their photos), deleted
      { table: 'draws', actions: 'read-write' }, // the member's no-show history and pardons, deleted
    ],
    s3: ['s3:DeleteObject', 's3:ListBucket'], // the claims' photos (claims/<claimId>/) and uploads (claims/uploads/<memberId>/)
    s3Prefix: 'claims/',
  },
  listOrgTree: {
    handler: 'functions/orgs/list-org-tree.handler',
    route: 'GET /orgs',
    access: [{ table: 'orgs', actions: 'read', indexes: ['byParent'] }],
  },
  listOrgChildren: {
    handler: 'functions/orgs/list-org-children.handler',
    route: 'GET /orgs/{orgId}/children',
    access: [{ table: 'orgs', actions: 'read', indexes: ['byParent'] }],
  },
  searchOrgs: {
    handler: 'functions/orgs/search-orgs.handler',
    route: 'GET /orgs/search',
    access: [{ table: 'orgs', actions: 'read', indexes: ['byName'] }],
  },
  getOrgByCode: {
    handler: 'functions/orgs/get-org-by-code.handler',
    route: 'GET /orgs/by-code/{code}',
    access: [{ table: 'orgs', actions: 'read' }],
  },
  getOrg: {
    handler: 'functions/orgs/get-org.handler',
    route: 'GET /orgs/{orgId}',
    access: [{ table: 'orgs', actions: 'read', indexes: ['byParent'] }],
  },
  getStaffScope: {
    handler: 'functions/orgs/get-staff-scope.handler',
    route: 'GET /staff/scope',
    access: [{ table: 'orgs', actions: 'read', indexes: ['byParent'] }],
  },
  findNearbyStations: {
    handler: 'functions/stations/find-nearby-stations.handler',
    route: 'GET /stations/nearby',
    access: [{ table: 'stationIndex', actions: 'read' }],
  },
  getStation: {
    handler: 'functions/stations/get-station.handler',
    route: 'GET /stations/{stationId}',
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'stationIndex', actions: 'read' }, // its live items (today's visits, recent reports)
      { table: 'network', actions: 'read' }, // its last inspection, whether the viewer supervises it
    ],
    s3: ['s3:GetObject'], // signs links to the photos
  },
  // the station network (docs/station-network.md): door visits and live status
  recordVisit: {
    handler: 'functions/network/record-visit.handler',
    route: 'POST /stations/{stationId}/visits',
    door: true,
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'members', actions: 'read' }, // the visitor's occupation
      { table: 'orgs', actions: 'read' },
      { table: 'network', actions: 'read-write' }, // the visit marker (one visit in two hours)
      { table: 'stationIndex', actions: 'read-write' }, // today's count on the station's live items
      { table: 'stats', actions: 'read-write' }, // visits by day, hour and occupation
    ],
  },
  reportLiveStatus: {
    handler: 'functions/network/report-live-status.handler',
    route: 'POST /stations/{stationId}/live',
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'feedback', actions: 'read-write' }, // hourly allowance, replay marker, the closed-twice report
      { table: 'stationIndex', actions: 'read-write' }, // the report on the station's live items
      { table: 'network', actions: 'read-write' }, // closed twice in open hours: flagged for inspection
      { table: 'stats', actions: 'read-write' }, // the closed-twice report counted as opened
    ],
  },
  getDoorPoster: {
    handler: 'functions/network/get-door-poster.handler',
    route: 'GET /staff/stations/{stationId}/door-poster',
    door: true,
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'orgs', actions: 'read' },
    ],
  },
  getStationVisits: {
    handler: 'functions/network/get-station-visits.handler',
    route: 'GET /staff/stations/{stationId}/visits',
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'stats', actions: 'read' }, // the station's own visits (st~<id>)
    ],
  },
  listStationPosts: {
    handler: 'functions/stations/list-station-posts.handler',
    route: 'GET /stations/{stationId}/posts',
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'feedback', actions: 'read' },
    ],
  },
  createStationPost: {
    handler: 'functions/stations/create-station-post.handler',
    route: 'POST /stations/{stationId}/posts',
    access: [
      { table: 'stations', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'feedback', actions: 'read-write' },
    ],
    wechat: true, // msgSecCheck
  },
  // wall posts WeChat's content check did not answer for are asked about again (docs/privacy-and-content.md)
  recheckPosts: {
    handler: 'functions/stations/post-check.handler',
    schedule: 'rate(1 minute)',
    access: [{ table: 'feedback', actions: 'read-write' }],
    wechat: true,
  },
  // station photos WeChat's picture check did not answer for are asked about again (docs/privacy-and-content.md)
  recheckPhotos: {
    handler: 'functions/stations/photo-check.handler',
    schedule: 'rate(1 minute)',
    access: [
      { table: 'feedback', actions: 'read-write' },
      { table: 'stations', actions: 'read-write' },
    ],
    s3: ['s3:GetObject'],
    wechat: true,
    memorySize: 1024, // decodes a stored photo (≤ 1600 px) per held photo
    timeout: 60,
  },
  reportStationProblem: {
    handler: 'functions/stations/report-station-problem.handler',
    route: 'POST /stations/{stationId}/reports',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'feedback', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // counted as opened (network: problemsOpened)
    ],
  },
  listStaffStations: {
    handler: 'functions/stations/list-staff-stations.handler',
    route: 'GET /staff/stations',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  createStation: {
    handler: 'functions/stations/create-station.handler',
    route: 'POST /staff/stations',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // a new or moved station counted on its org path (stations)
      { table: 'stationIndex', actions: 'read-write' }, // its place in the nearby index, in the same transaction
      { table: 'network', actions: 'read-write' }, // its due item (overdue inspections), in the same transaction
    ],
  },
  updateStation: {
    handler: 'functions/stations/update-station.handler',
    route: 'PUT /staff/stations/{stationId}',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // a new or moved station counted on its org path (stations)
      { table: 'stationIndex', actions: 'read-write' }, // its place in the nearby index, in the same transaction
      { table: 'network', actions: 'read-write' }, // its due item (overdue inspections), in the same transaction
    ],
  },
  importStations: {
    handler: 'functions/stations/import-stations.handler',
    route: 'POST /staff/stations/import',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // a new or moved station counted on its org path (stations)
      { table: 'stationIndex', actions: 'read-write' }, // its place in the nearby index, in the same transaction
      { table: 'network', actions: 'read-write' }, // its due item (overdue inspections), in the same transaction
    ],
    // a 1 MB .xlsx is parsed in memory; 500 rows: a BatchGet a 100, new stations in transactions of ≤ 25, updates 25 at a time
    memorySize: 1024,
    timeout: 20,
  },
  createPhotoUpload: {
    handler: 'functions/stations/create-photo-upload.handler',
    route: 'POST /staff/stations/{stationId}/photos/uploads',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
    ],
    s3: ['s3:PutObject'], // signs the POST policy
  },
  addStationPhoto: {
    handler: 'functions/stations/add-station-photo.handler',
    route: 'POST /staff/stations/{stationId}/photos',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'feedback', actions: 'read-write' }, // a held photo's pending-check entry
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read-write' },
    ],
    s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    wechat: true, // imgSecCheck
    // decoding a 12-megapixel JPEG in JavaScript wants CPU, which Lambda gives with memory
    memorySize: 1536,
    timeout: 28,
  },
  removeStationPhoto: {
    handler: 'functions/stations/remove-station-photo.handler',
    route: 'POST /staff/stations/{stationId}/photos/{photoId}/remove',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read-write' },
    ],
    s3: ['s3:GetObject', 's3:DeleteObject'],
  },
  exportStations: {
    handler: 'functions/stations/export-stations.handler',
    route: 'GET /staff/stations/export',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  listStaffReports: {
    handler: 'functions/stations/list-staff-reports.handler',
    route: 'GET /staff/reports',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'feedback', actions: 'read', indexes: ['byScope*'] },
    ],
    s3: ['s3:GetObject'], // signs links to an inspection task's evidence photos
    s3Prefix: 'evidence/',
  },
  resolveReport: {
    handler: 'functions/stations/resolve-report.handler',
    route: 'POST /staff/reports/{reportId}/resolve',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'feedback', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // counted as resolved, by time to resolve (network)
    ],
    s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], // the resolution's evidence photo: checked, stored, its upload deleted
    s3Prefix: 'evidence/',
    // decoding a 12-megapixel JPEG in JavaScript wants CPU, which Lambda gives with memory
    memorySize: 1536,
    timeout: 28,
  },
  // volunteer supervisors, inspections and their tasks (docs/station-network.md)
  appointSupervisors: {
    handler: 'functions/network/appoint-supervisors.handler',
    route: 'POST /staff/supervisors',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read' }, // the 会员号 and whether the member is active
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read-write' },
    ],
  },
  listStationSupervisors: {
    handler: 'functions/network/list-station-supervisors.handler',
    route: 'GET /staff/stations/{stationId}/supervisors',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read' },
    ],
  },
  removeSupervisor: {
    handler: 'functions/network/remove-supervisor.handler',
    route: 'POST /staff/stations/{stationId}/supervisors/{userId}/remove',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read-write' },
    ],
  },
  listMySupervision: {
    handler: 'functions/network/list-my-supervision.handler',
    route: 'GET /me/supervision',
    access: [
      { table: 'network', actions: 'read' },
      { table: 'stations', actions: 'read' }, // each station's current name, address and location
    ],
  },
  createEvidenceUpload: {
    handler: 'functions/network/create-evidence-upload.handler',
    route: 'POST /evidence/uploads',
    access: [{ table: 'network', actions: 'read' }], // a supervisor of at least one station
    s3: ['s3:PutObject'], // signs the POST policy
    s3Prefix: 'evidence/',
  },
  submitInspection: {
    handler: 'functions/network/submit-inspection.handler',
    route: 'POST /stations/{stationId}/inspections',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read-write' }, // the inspection, its marker, due, best and supervisor items
      { table: 'feedback', actions: 'read-write' }, // one task (report) per failed item
      { table: 'stats', actions: 'read-write' }, // network counters
    ],
    s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], // photos checked, stored, uploads deleted; links signed
    s3Prefix: 'evidence/',
    // up to 36 photos decoded in JavaScript: CPU, which Lambda gives with memory
    memorySize: 1536,
    timeout: 28,
  },
  listStationInspections: {
    handler: 'functions/network/list-station-inspections.handler',
    route: 'GET /stations/{stationId}/inspections',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read' },
    ],
    s3: ['s3:GetObject'], // signs links to the photos
    s3Prefix: 'evidence/',
  },
  getInspection: {
    handler: 'functions/network/get-inspection.handler',
    route: 'GET /inspections/{inspectionId}',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'network', actions: 'read' },
      { table: 'feedback', actions: 'read' }, // its tasks, as they stand
    ],
    s3: ['s3:GetObject'], // signs links to the photos
    s3Prefix: 'evidence/',
  },
  listOverdueInspections: {
    handler: 'functions/network/list-overdue-inspections.handler',
    route: 'GET /staff/inspections/overdue',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'network', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  // a year after a report is resolved, its reporter is removed from it (docs/privacy-and-content.md, Retention)
  anonymiseReports: {
    handler: 'functions/stations/anonymise-reports.handler',
    schedule: 'rate(1 hour)',
    access: [{ table: 'feedback', actions: 'read-write' }],
  },
  resolveJoinCode: {
    handler: 'functions/join/resolve-join-code.handler',
    route: 'GET /join/{token}',
    access: [
      { table: 'joinCodes', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read' },
    ],
  },
  joinUnion: {
    handler: 'functions/join/join-union.handler',
    route: 'POST /join/{token}',
    access: [
      { table: 'joinCodes', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // the join counted on its org's path (and event)
    ],
    wechat: true,
  },
  getJoinCodeQr: {
    handler: 'functions/join/get-join-code-qr.handler',
    route: 'GET /join/{token}/qr',
    access: [{ table: 'joinCodes', actions: 'read' }],
  },
  getMyMembership: {
    handler: 'functions/join/get-my-membership.handler',
    route: 'GET /me/membership',
    access: [
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
    ],
  },
  setMyGender: {
    handler: 'functions/join/set-my-gender.handler',
    route: 'POST /me/membership/gender',
    access: [
      { table: 'members', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
    ],
  },
  reapplyMembership: {
    handler: 'functions/join/reapply-membership.handler',
    route: 'POST /me/membership/reapply',
    access: [
      { table: 'joinCodes', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' },
    ],
    wechat: true,
  },
  getMemberCard: {
    handler: 'functions/join/get-member-card.handler',
    route: 'GET /me/member-card',
    access: [
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
    ],
    cardKey: true,
  },
  getMemberCardKey: {
    handler: 'functions/join/get-member-card-key.handler',
    route: 'GET /member-card/public-key',
    access: [],
    cardKey: true,
  },
  createJoinCode: {
    handler: 'functions/join/create-join-code.handler',
    route: 'POST /staff/join-codes',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'joinCodes', actions: 'read-write' },
      { table: 'outreach', actions: 'read-write' }, // a code of an event joins the event's joinCodeIds
    ],
  },
  listJoinCodes: {
    handler: 'functions/join/list-join-codes.handler',
    route: 'GET /staff/join-codes',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'joinCodes', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  revokeJoinCode: {
    handler: 'functions/join/revoke-join-code.handler',
    route: 'POST /staff/join-codes/{codeId}/revoke',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'joinCodes', actions: 'read-write' },
    ],
  },
  listMemberships: {
    handler: 'functions/join/list-memberships.handler',
    route: 'GET /staff/memberships',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  reviewMembership: {
    handler: 'functions/join/review-membership.handler',
    route: 'POST /staff/memberships/{memberId}/review',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read-write' },
      { table: 'joinCodes', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // approved +1
    ],
  },
  markCardIssued: {
    handler: 'functions/join/mark-card-issued.handler',
    route: 'POST /staff/memberships/{memberId}/card-issued',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read-write' },
    ],
  },
  requestTransfer: {
    handler: 'functions/join/request-transfer.handler',
    route: 'POST /me/transfer',
    access: [
      { table: 'members', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
    ],
  },
  listTransfers: {
    handler: 'functions/join/list-transfers.handler',
    route: 'GET /staff/transfers',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'members', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  acceptTransfer: {
    handler: 'functions/join/accept-transfer.handler',
    route: 'POST /staff/transfers/{transferId}/accept',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read-write' },
    ],
  },
  listActivities: {
    handler: 'functions/activities/list-activities.handler',
    route: 'GET /activities',
    access: [
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read', indexes: ['byAudience'] },
      { table: 'signups', actions: 'read', indexes: ['byStatus'] },
      { table: 'draws', actions: 'read' }, // the no-show rule's why-not (history, pardons)
    ],
  },
  signUp: {
    handler: 'functions/activities/sign-up.handler',
    route: 'POST /activities/{activityId}/signups',
    access: [
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' },
      { table: 'signups', actions: 'read-write', indexes: ['byStatus'] },
      { table: 'stats', actions: 'read-write' }, // every sign-up counted (activities.signups)
      { table: 'draws', actions: 'read-write' }, // applying to a draw: the no-show rule (history, pardons), the draw's count
    ],
  },
  cancelSignup: {
    handler: 'functions/activities/cancel-signup.handler',
    route: 'POST /activities/{activityId}/signups/cancel',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'activities', actions: 'read-write' },
      { table: 'signups', actions: 'read-write', indexes: ['byStatus', 'holds'] },
      { table: 'draws', actions: 'read-write' }, // a won place given back before the start: not a no-show
    ],
  },
  confirmOffer: {
    handler: 'functions/activities/confirm-offer.handler',
    route: 'POST /activities/{activityId}/signups/confirm',
    access: [
      { table: 'signups', actions: 'read-write', indexes: ['byStatus'] },
      { table: 'activities', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'stats', actions: 'read-write' },
    ],
  },
  listMySignups: {
    handler: 'functions/activities/list-my-signups.handler',
    route: 'GET /me/signups',
    access: [
      { table: 'signups', actions: 'read', indexes: ['byMember', 'byStatus'] },
      { table: 'activities', actions: 'read' },
    ],
    cardKey: true, // tickets are signed with the member-card key (functions/lib/ticket.ts)
  },
  // 互助保障理赔, the member's side (docs/claims-and-draws.md); only these and the staff's claim functions reach `claims/`
  getClaimStart: {
    handler: 'functions/claims/get-claim-start.handler',
    route: 'GET /activities/{activityId}/claim-start',
    access: [
      { table: 'activities', actions: 'read' }, // the plan and its claim rules
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'signups', actions: 'read' }, // covered = a confirmed sign-up for the plan
    ],
  },
  startClaim: {
    handler: 'functions/claims/start-claim.handler',
    route: 'POST /claims',
    access: [
      { table: 'activities', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'orgs', actions: 'read' },
      { table: 'signups', actions: 'read' },
      { table: 'claims', actions: 'read-write' }, // the draft, the member's list item, the once marker
    ],
    s3: ['s3:GetObject'], // the answer is the claim (its pages' links)
    s3Prefix: 'claims/',
  },
  createClaimUpload: {
    handler: 'functions/claims/create-claim-upload.handler',
    route: 'POST /claims/{claimId}/uploads',
    access: [{ table: 'claims', actions: 'read' }],
    s3: ['s3:PutObject'], // signs the POST policy
    s3Prefix: 'claims/',
  },
  addClaimPage: {
    handler: 'functions/claims/add-claim-page.handler',
    route: 'POST /claims/{claimId}/pages',
    access: [{ table: 'claims', actions: 'read-write' }],
    s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], // the page checked, stored, its upload deleted; links signed
    s3Prefix: 'claims/',
    // decoding a 12-megapixel JPEG in JavaScript wants CPU, which Lambda gives with memory
    memorySize: 1536,
    timeout: 28,
  },
  removeClaimPage: {
    handler: 'functions/claims/remove-claim-page.handler',
    route: 'DELETE /claims/{claimId}/pages/{photoId}',
    access: [{ table: 'claims', actions: 'read-write' }],
    s3: ['s3:GetObject', 's3:DeleteObject'], // the page deleted; links signed
    s3Prefix: 'claims/',
  },
  submitClaim: {
    handler: 'functions/claims/submit-claim.handler',
    route: 'POST /claims/{claimId}/submit',
    access: [
      { table: 'claims', actions: 'read-write' }, // the claim, the member's list item, the claimant marker
      { table: 'stats', actions: 'read-write' }, // submitted / people (claims), at the first submit
    ],
    s3: ['s3:GetObject'], // links signed
    s3Prefix: 'claims/',
  },
  listMyClaims: {
    handler: 'functions/claims/list-my-claims.handler',
    route: 'GET /me/claims',
    access: [{ table: 'claims', actions: 'read' }],
  },
  getMyClaim: {
    handler: 'functions/claims/get-my-claim.handler',
    route: 'GET /me/claims/{claimId}',
    access: [{ table: 'claims', actions: 'read' }],
    s3: ['s3:GetObject'], // the pages' 10-minute links
    s3Prefix: 'claims/',
  },
  getStaffClaimRules: {
    handler: 'functions/claims/get-staff-claim-rules.handler',
    route: 'GET /staff/activities/{activityId}/claim-rules',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read' },
    ],
  },
  setClaimRules: {
    handler: 'functions/claims/set-claim-rules.handler',
    route: 'PUT /staff/activities/{activityId}/claim-rules',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' }, // claimRules on the plan's item
    ],
  },
  createActivity: {
    handler: 'functions/activities/create-activity.handler',
    route: 'POST /staff/activities',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' },
      { table: 'outreach', actions: 'read' }, // the event it names
      { table: 'draws', actions: 'read-write' }, // a draw's secret seed
    ],
  },
  setActivityCapacity: {
    handler: 'functions/activities/set-activity-capacity.handler',
    route: 'POST /staff/activities/{activityId}/capacity',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' },
    ],
  },
  listActivitySignups: {
    handler: 'functions/activities/list-activity-signups.handler',
    route: 'GET /staff/activities/{activityId}/signups',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'signups', actions: 'read' },
    ],
  },
  checkIn: {
    handler: 'functions/activities/check-in.handler',
    route: 'POST /staff/activities/{activityId}/check-in',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'signups', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // the check-in counted (activities.checkins)
      { table: 'draws', actions: 'read-write' }, // a draw's won place marked attended (the no-show rule)
    ],
    cardKey: true,
  },
  registerOnSite: {
    handler: 'functions/activities/register-on-site.handler',
    route: 'POST /staff/activities/{activityId}/register',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'activities', actions: 'read-write' },
      { table: 'signups', actions: 'read-write', indexes: ['byStatus'] },
      { table: 'stats', actions: 'read-write' },
      { table: 'draws', actions: 'read-write' }, // registering for a draw: the no-show rule, the draw's count
    ],
    cardKey: true,
  },
  listStaffActivities: {
    handler: 'functions/activities/list-staff-activities.handler',
    route: 'GET /staff/activities',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  exportActivitySignups: {
    handler: 'functions/activities/export-activity-signups.handler',
    route: 'GET /staff/activities/{activityId}/export',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'signups', actions: 'read' },
    ],
  },
  updateActivity: {
    handler: 'functions/activities/update-activity.handler',
    route: 'PUT /staff/activities/{activityId}',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' },
      { table: 'outreach', actions: 'read' },
      { table: 'draws', actions: 'read-write' }, // a draw's window moved: the sweeper's close
    ],
  },
  searchActivitySignups: {
    handler: 'functions/activities/search-activity-signups.handler',
    route: 'GET /staff/activities/{activityId}/signups/search',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'signups', actions: 'read' },
    ],
  },
  rescopeItems: {
    handler: 'functions/org-admin/rescope.handler',
    schedule: 'rate(1 minute)',
    timeout: 60,
    access: [
      { table: 'orgs', actions: 'read-write', indexes: ['rescopes'] },
      { table: 'members', actions: 'read-write', indexes: ['byQueue'] },
      { table: 'joinCodes', actions: 'read-write', indexes: ['byOrg'] },
      { table: 'activities', actions: 'read-write', indexes: ['byOrg'] },
      { table: 'stations', actions: 'read-write', indexes: ['byOrg'] },
      { table: 'feedback', actions: 'read-write', indexes: ['byQueue'] },
      { table: 'outreach', actions: 'read-write', indexes: ['byHost'] },
      { table: 'network', actions: 'read-write' }, // stations' due and best items
    ],
  },
  expireHolds: {
    handler: 'functions/activities/expire-holds.handler',
    schedule: 'rate(1 minute)',
    timeout: 60, // draws whose window closed are drawn here too (≤ 40 s a sweep)
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'activities', actions: 'read-write', indexes: ['refills'] },
      { table: 'signups', actions: 'read-write', indexes: ['holds', 'byStatus'] },
      { table: 'draws', actions: 'read-write', indexes: ['pending'] },
      { table: 'orgs', actions: 'read' }, // a drawn place is counted on the activity's org path
      { table: 'stats', actions: 'read-write' },
    ],
  },
  // 摇号 (docs/claims-and-draws.md "Draws")
  getDraw: {
    handler: 'functions/draws/get-draw.handler',
    route: 'GET /activities/{activityId}/draw',
    access: [
      { table: 'activities', actions: 'read' },
      { table: 'draws', actions: 'read' },
    ],
  },
  runDraw: {
    handler: 'functions/draws/run-draw.handler',
    route: 'POST /staff/activities/{activityId}/draw',
    timeout: 28, // up to ~5,000 entries in one run; the sweeper finishes a longer one
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'activities', actions: 'read-write' }, // the counter, the activity's drawnAt
      { table: 'signups', actions: 'read-write' },
      { table: 'draws', actions: 'read-write' },
      { table: 'inbox', actions: 'read-write' }, // 中签 / 候补 / 未中签
      { table: 'stats', actions: 'read-write' }, // a won place counted as a sign-up
    ],
  },
  pardonNoShow: {
    handler: 'functions/draws/pardon-no-show.handler',
    route: 'POST /staff/activities/{activityId}/pardons',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'draws', actions: 'read-write' },
    ],
  },
  // the day-before and 2-hour reminders to everyone confirmed (docs/notifications.md)
  sendReminders: {
    handler: 'functions/activities/send-reminders.handler',
    schedule: 'rate(5 minutes)',
    timeout: 60,
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'activities', actions: 'read-write', indexes: ['reminders'] },
      { table: 'signups', actions: 'read', indexes: ['byStatus'] },
    ],
  },
  hideStationPost: {
    handler: 'functions/stations/hide-station-post.handler',
    route: 'POST /staff/stations/{stationId}/posts/{postId}/hide',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'stations', actions: 'read' },
      { table: 'feedback', actions: 'read-write' },
    ],
  },
  previewInvitation: {
    handler: 'functions/invitations/preview-invitation.handler',
    route: 'POST /invitations/{invitationId}/preview',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
    ],
  },
  acceptInvitation: {
    handler: 'functions/invitations/accept-invitation.handler',
    route: 'POST /invitations/{invitationId}/accept',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read-write' },
    ],
  },
  createInvitation: {
    handler: 'functions/invitations/create-invitation.handler',
    route: 'POST /staff/invitations',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read-write' },
    ],
  },
  revokeInvitation: {
    handler: 'functions/invitations/revoke-invitation.handler',
    route: 'POST /staff/invitations/{invitationId}/revoke',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read-write' },
    ],
  },
  listOrgStaff: {
    handler: 'functions/invitations/list-org-staff.handler',
    route: 'GET /staff/orgs/{orgId}/staff',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read', indexes: ['byStaffOrg'] },
    ],
  },
  revokeStaff: {
    handler: 'functions/invitations/revoke-staff.handler',
    route: 'POST /staff/users/{userId}/revoke',
    access: [
      { table: 'audit', actions: 'read-write' },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read-write' },
    ],
  },
  listMyMessages: {
    handler: 'functions/messages/list-my-messages.handler',
    route: 'GET /me/messages',
    access: [{ table: 'inbox', actions: 'read', indexes: ['byUser'] }],
  },
  markMyMessagesRead: {
    handler: 'functions/messages/mark-my-messages-read.handler',
    route: 'POST /me/messages/read',
    access: [{ table: 'inbox', actions: 'read-write', indexes: ['unread'] }],
  },
  getMyUnreadCount: {
    handler: 'functions/messages/get-my-unread-count.handler',
    route: 'GET /me/messages/unread-count',
    access: [{ table: 'inbox', actions: 'read', indexes: ['unread'] }],
  },
  // WeChat subscribe messages (docs/notifications.md): the template ids, the member's answers, the sender
  getSubscribeTemplates: {
    handler: 'functions/subscriptions/get-subscribe-templates.handler',
    route: 'GET /subscriptions/templates',
    access: [],
    templates: true,
  },
  recordSubscriptions: {
    handler: 'functions/subscriptions/record-subscriptions.handler',
    route: 'POST /me/subscriptions',
    access: [{ table: 'users', actions: 'read-write' }],
  },
  // each new inbox message, from the table's stream (INSERT, delivery pending), within seconds
  deliverStream: {
    handler: 'functions/messages/deliver-stream.handler',
    stream: 'inbox',
    access: [
      { table: 'inbox', actions: 'read-write' },
      { table: 'users', actions: 'read-write', leadingKeys: ['notify#*'] }, // the subscriptions item only (functions/tables/notify.ts)
    ],
    wechat: true,
    templates: true,
    timeout: 30,
  },
  // retries with backoff, claims whose sender died, anything the stream missed
  deliverDue: {
    handler: 'functions/messages/deliver.handler',
    schedule: 'rate(1 minute)',
    access: [
      { table: 'inbox', actions: 'read-write', indexes: ['deliveries'] },
      { table: 'users', actions: 'read-write', leadingKeys: ['notify#*'] }, // the subscriptions item only (functions/tables/notify.ts)
    ],
    wechat: true,
    templates: true,
    timeout: 60,
  },
  listAuditEntries: {
    handler: 'functions/audit/list-audit-entries.handler',
    route: 'GET /staff/audit',
    access: [
      { table: 'audit', actions: 'read', indexes: ['byScope*'] },
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
    ],
  },
  // outreach events (沟通会), issue 12: docs/outreach.md
  createEvent: {
    handler: 'functions/outreach/create-event.handler',
    route: 'POST /staff/events',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  updateEvent: {
    handler: 'functions/outreach/update-event.handler',
    route: 'PUT /staff/events/{eventId}',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  listEvents: {
    handler: 'functions/outreach/list-events.handler',
    route: 'GET /staff/events',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read', indexes: ['byScope*'] },
    ],
  },
  getEvent: {
    handler: 'functions/outreach/get-event.handler',
    route: 'GET /staff/events/{eventId}',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read' },
    ],
  },
  eventFigures: {
    handler: 'functions/outreach/event-figures.handler',
    route: 'GET /staff/events/{eventId}/figures',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read' },
      { table: 'stats', actions: 'read' },
    ],
  },
  // stall mode (issue 12): offline actions synced, places leased to devices (docs/outreach.md)
  stallSync: {
    handler: 'functions/outreach/stall-sync.handler',
    route: 'POST /staff/stall/sync',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'activities', actions: 'read' },
      { table: 'signups', actions: 'read-write' },
      { table: 'outreach', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
    cardKey: true, // verifies member cards and tickets at the time they were scanned
    timeout: 30, // ≤ 100 actions, 10 transactions at a time
  },
  takeLease: {
    handler: 'functions/outreach/take-lease.handler',
    route: 'POST /staff/stall/lease',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  returnLease: {
    handler: 'functions/outreach/return-lease.handler',
    route: 'POST /staff/stall/lease/return',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'outreach', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  // leases a device did not return give their places back 12 h after their last top-up
  returnExpiredLeases: {
    handler: 'functions/outreach/return-expired-leases.handler',
    schedule: 'rate(5 minutes)',
    timeout: 60,
    access: [{ table: 'outreach', actions: 'read-write', indexes: ['leases'] }],
  },
  // period reports rolled up an org's subtree, read from its own stats items (functions/outreach/figures.ts)
  orgReport: {
    handler: 'functions/outreach/org-report.handler',
    route: 'GET /staff/figures',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stats', actions: 'read' },
      { table: 'network', actions: 'read', indexes: ['byScope*'] }, // 最美驿站 candidates (the network's figures)
    ],
  },
  exportReport: {
    handler: 'functions/outreach/export-report.handler',
    route: 'POST /staff/figures/export',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'stats', actions: 'read' },
      { table: 'network', actions: 'read', indexes: ['byScope*'] }, // 最美驿站 candidates (the network's figures)
      { table: 'audit', actions: 'read-write' },
    ],
    s3: ['s3:GetObject', 's3:PutObject'], // writes the .xlsx and .csv, signs the links
    s3Prefix: 'figures/',
    timeout: 20,
    memorySize: 1024,
  },
  // 互助保障理赔, the staff side (docs/claims-and-draws.md): the open list, the audited view, the review steps
  listOpenClaims: {
    handler: 'functions/claims/list-open-claims.handler',
    route: 'GET /staff/claims',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'claims', actions: 'read', indexes: ['byScope*'] },
      { table: 'members', actions: 'read' }, // the members' names (masked)
    ],
  },
  getStaffClaim: {
    handler: 'functions/claims/get-staff-claim.handler',
    route: 'GET /staff/claims/{claimId}',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'claims', actions: 'read' },
      { table: 'members', actions: 'read' },
      { table: 'audit', actions: 'read-write' }, // every view, and every refused one
    ],
    s3: ['s3:GetObject'], // signs the pages' 10-minute links
    s3Prefix: 'claims/',
  },
  reviewClaim: {
    handler: 'functions/claims/review-claim.handler',
    route: 'POST /staff/claims/{claimId}/review',
    access: [
      { table: 'orgs', actions: 'read' },
      { table: 'users', actions: 'read' }, // the reviewer's name (masked) for the timeline
      { table: 'claims', actions: 'read-write' },
      { table: 'members', actions: 'read' },
      { table: 'stats', actions: 'read-write' }, // approved / paid and their amounts (claims)
      { table: 'inbox', actions: 'read-write' }, // the member's 消息
      { table: 'audit', actions: 'read-write' },
    ],
    s3: ['s3:GetObject'], // the answer is the claim with its pages' links
    s3Prefix: 'claims/',
  },
  // photos and medical detail of claims closed 3 years ago, and drafts untouched 30 days, the oldest first, bounded a run
  sweepClaimPhotos: {
    handler: 'functions/claims/sweep-claim-photos.handler',
    schedule: 'rate(1 day)',
    timeout: 60,
    access: [{ table: 'claims', actions: 'read-write', indexes: ['byScope*'] }], // reads byScope0 (the city's closed and draft lists)
    s3: ['s3:DeleteObject', 's3:ListBucket'], // photos by the claim's prefix
    s3Prefix: 'claims/',
  },
  createOrg: {
    handler: 'functions/org-admin/create-org.handler',
    route: 'POST /staff/orgs',
    access: [
      { table: 'orgs', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  renameOrg: {
    handler: 'functions/org-admin/rename-org.handler',
    route: 'PUT /staff/orgs/{orgId}',
    access: [
      { table: 'orgs', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  moveOrg: {
    handler: 'functions/org-admin/move-org.handler',
    route: 'POST /staff/orgs/{orgId}/move',
    access: [
      { table: 'orgs', actions: 'read-write', indexes: ['byPath', 'byParent'] },
      { table: 'audit', actions: 'read-write' },
      { table: 'stats', actions: 'read-write' }, // the stations of the moved subtree move in the figures
    ],
  },
  closeOrg: {
    handler: 'functions/org-admin/close-org.handler',
    route: 'POST /staff/orgs/{orgId}/close',
    access: [
      { table: 'orgs', actions: 'read-write', indexes: ['byParent'] },
      { table: 'members', actions: 'read-write', indexes: ['byQueue'] },
      { table: 'activities', actions: 'read-write', indexes: ['byOrg'] },
      { table: 'audit', actions: 'read-write' },
    ],
  },
  importOrgs: {
    handler: 'functions/org-admin/import-orgs.handler',
    route: 'POST /staff/orgs/import',
    access: [
      { table: 'orgs', actions: 'read-write' },
      { table: 'audit', actions: 'read-write' },
    ],
    // a 3 MB .xlsx is parsed in memory; a dry run of 10,000 rows reads ~300 BatchGets
    memorySize: 1536,
    timeout: 28,
  },
};

// Every HTTP route's handler checks a staff or admin token against the user record (its
// sessionVersion, functions/lib/http/handler.ts): each one reads the users table.
for (const def of Object.values(functions)) {
  if (def.route && def.route !== '*' && !def.access.some((a) => a.table === 'users')) def.access.push({ table: 'users', actions: 'read' });
}

function roleLogicalId(fn) {
  return `${fn[0].toUpperCase()}${fn.slice(1)}Role`;
}

function tableArn(table) {
  return { 'Fn::GetAtt': [logicalId(table), 'Arn'] };
}

function indexArn(table, index) {
  return { 'Fn::Join': ['', [tableArn(table), `/index/${index}`]] };
}

/** One role per function: its own log group and only the tables/indexes it declares. */
function roleFor(stage, fn, def) {
  const statements = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${stage}-${fn}:*`,
      },
    },
  ];
  for (const access of def.access) {
    if (!tables[access.table]) throw new Error(`function ${fn} names unknown table ${access.table}`);
    const resources = [tableArn(access.table), ...(access.indexes || []).map((i) => indexArn(access.table, i))];
    statements.push({
      Effect: 'Allow',
      Action: access.actions === 'read' ? READ : [...READ, ...WRITE],
      Resource: resources,
      // every key a request names must match (none of READ/WRITE can name no key: Scan is not granted)
      ...(access.leadingKeys ? { Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.leadingKeys } } } : {}),
    });
  }
  if (def.s3?.length) statements.push(...photoStatements(def.s3, def.s3Prefix));
  if (def.stream) {
    // reading the table's stream, as the event source mapping does on the function's behalf
    statements.push(
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: [{ 'Fn::GetAtt': [logicalId(def.stream), 'StreamArn'] }],
      },
      // ListStreams names no resource (IAM allows it only on *); it lists stream ARNs, nothing in them
      { Effect: 'Allow', Action: ['dynamodb:ListStreams'], Resource: '*' },
    );
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [{ PolicyName: `${fn}-least-privilege`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

const STAGES = ['local', 'dev', 'prod'];

async function stageOf(resolveVariable) {
  const stage = await resolveVariable('sls:stage');
  if (!STAGES.includes(stage)) throw new Error(`unknown stage "${stage}": use one of ${STAGES.join(', ')}`);
  return stage;
}

/** Deployed stages read secrets from Secrets Manager at deploy time; local has fixed dev values. */
function secret(stage, key, localValue) {
  if (stage === 'local') return localValue;
  return `{{resolve:secretsmanager:${service}/${stage}:SecretString:${key}}}`;
}

/**
 * A DynamoDB stream event: new items only (INSERT, born delivery = pending: the filter is applied by
 * Lambda before the function runs), small batches, a failing record split out and retried at most
 * 3 times (the deliveries sweep catches what is left), only the records that failed retried.
 */
function streamEvent(table) {
  return {
    stream: {
      type: 'dynamodb',
      arn: { 'Fn::GetAtt': [logicalId(table), 'StreamArn'] },
      startingPosition: 'LATEST',
      batchSize: 10,
      batchWindow: 1,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      functionResponseType: 'ReportBatchItemFailures',
      filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { delivery: { S: ['pending'] } } } }],
    },
  };
}

/**
 * The WeChat subscribe-message template ids (functions/messages/templates.ts): fixed fake ids on the
 * local stage (the fake WeChat accepts them); deployed, the stage secret's wechatTemplate* keys.
 * Which build of the mini-program a tapped message opens: developer locally, trial on dev, formal on prod.
 */
function templateEnvironment(stage) {
  const keys = {
    REVIEW: 'wechatTemplateReview',
    WAITLIST: 'wechatTemplateWaitlist',
    EXPIRING: 'wechatTemplateExpiring',
    REMINDER: 'wechatTemplateReminder',
    REPORT: 'wechatTemplateReport',
  };
  return {
    ...Object.fromEntries(
      Object.entries(keys).map(([name, key]) => [`WECHAT_TEMPLATE_${name}`, secret(stage, key, `local-template-${name.toLowerCase()}`)]),
    ),
    WECHAT_MINIPROGRAM_STATE: { local: 'developer', dev: 'trial', prod: 'formal' }[stage],
  };
}

module.exports = {
  functions: async ({ resolveVariable }) => {
    const stage = await stageOf(resolveVariable);
    return Object.fromEntries(
      Object.entries(functions).map(([fn, def]) => {
        const config = {
          handler: def.handler,
          role: roleLogicalId(fn),
          ...(def.memorySize ? { memorySize: def.memorySize } : {}),
          ...(def.timeout ? { timeout: def.timeout } : {}),
          events: def.schedule
            ? [{ schedule: def.schedule }]
            : def.stream
              ? [streamEvent(def.stream)]
              : [{ httpApi: def.route === '*' ? '*' : { method: def.route.split(' ')[0], path: def.route.split(' ')[1] } }],
        };
        if (def.wechat) {
          config.environment = {
            WECHAT_APP_ID: secret(stage, 'wechatAppId', 'wx-local-dev'),
            WECHAT_APP_SECRET: secret(stage, 'wechatAppSecret', 'local-dev-secret'),
          };
        }
        if (def.templates) {
          config.environment = { ...config.environment, ...templateEnvironment(stage) };
        }
        if (def.cardKey) {
          // local: a committed key that is only ever trusted on the local stage
          config.environment = {
            MEMBER_CARD_PRIVATE_KEY: secret(
              stage,
              'memberCardPrivateKey',
              readFileSync(join(__dirname, 'local-member-card-key.pem'), 'utf8'),
            ),
          };
        }
        if (def.door) {
          // the door posters' own secret (rotating jwtSecret leaves printed posters valid); local: JWT_SECRET when unset
          config.environment = { ...config.environment, DOOR_SECRET: secret(stage, 'doorSecret', process.env.DOOR_SECRET || '') };
        }
        return [fn, config];
      }),
    );
  },
  environment: async ({ resolveVariable }) => {
    const stage = await stageOf(resolveVariable);
    return {
      STAGE: stage,
      // only local bundles carry source maps (serverless.yml, custom.bundle)
      ...(stage === 'local' ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // empty when deployed: the SDK then uses the regional endpoint
      DYNAMODB_ENDPOINT: stage === 'local' ? process.env.DYNAMODB_ENDPOINT || 'http://127.0.0.1:8000' : '',
      JWT_SECRET: stage === 'local' ? process.env.JWT_SECRET || 'local-dev-jwt-secret-change-me-0123456789' : secret(stage, 'jwtSecret'),
      WECHAT_API_BASE: stage === 'local' ? process.env.WECHAT_API_BASE || 'https://api.weixin.qq.com' : 'https://api.weixin.qq.com',
      // what join QR codes point at: the H5 app locally; the union's HTTPS domain (registered for plain-link QR) when deployed
      JOIN_BASE_URL:
        stage === 'local' ? process.env.JOIN_BASE_URL || 'http://127.0.0.1:10086' : process.env.JOIN_BASE_URL || 'https://union.example.cn',
      ...tableEnvironment(stage),
      ...bucketEnvironment(stage),
    };
  },
  resources: async ({ resolveVariable }) => {
    const stage = await stageOf(resolveVariable);
    const roles = Object.fromEntries(Object.entries(functions).map(([fn, def]) => [roleLogicalId(fn), roleFor(stage, fn, def)]));
    const appOrigin = new URL(process.env.JOIN_BASE_URL || 'https://union.example.cn').origin;
    return { ...cloudFormationTables(stage), ...cloudFormationBuckets(stage, appOrigin), ...roles };
  },
  definitions: functions,
  STAGES,
};
