// The photos bucket (station photos, uploaded from phones with presigned POSTs): private, encrypted,
// TLS only, abandoned uploads expire. Functions get S3 actions on `stations/*` only (or, for
// 导出我的数据, on `exports/*`, whose copies expire after a day; for inspections' and tasks' evidence
// photos, on `evidence/*`), each function just the actions its code uses (infra/grants.test.ts reads
// them from the code).
'use strict';

const { service } = require('./tables.cjs');

const PHOTOS_BUCKET_ID = 'PhotosBucket';
/** Every object the functions may touch lives under one of these prefixes: station photos, and personal-data exports (导出我的数据, kept a day). */
const PHOTO_PREFIX = 'stations/';
const EXPORT_PREFIX = 'exports/';
/** 导出统计报表 (counts only, no personal data): kept a day like the exports */
const FIGURES_PREFIX = 'figures/';
/** inspections' and tasks' evidence photos (docs/station-network.md): kept with the inspection; abandoned uploads expire */
const EVIDENCE_PREFIX = 'evidence/';
/** claim materials (诊断证明, 发票 …: health data, docs/claims-and-draws.md): only the claim functions; abandoned uploads expire */
const CLAIMS_PREFIX = 'claims/';
const PREFIXES = [PHOTO_PREFIX, EXPORT_PREFIX, FIGURES_PREFIX, EVIDENCE_PREFIX, CLAIMS_PREFIX];
/** The S3 actions a function may be granted (HeadObject is authorised by s3:GetObject; ListBucket lists a prefix). */
const S3_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'];

const localBucketName = () => process.env.BUCKET_PHOTOS || `${service}-local-photos`;

/**
 * The IAM statements for a function's S3 actions on one prefix or several (the photos' unless told):
 * object actions on `<prefix>*`; s3:ListBucket on the bucket, only for keys under those prefixes.
 */
function photoStatements(actions, prefix = PHOTO_PREFIX) {
  const prefixes = Array.isArray(prefix) ? prefix : [prefix];
  for (const a of actions) if (!S3_ACTIONS.includes(a)) throw new Error(`unknown S3 action ${a}`);
  for (const p of prefixes) if (!PREFIXES.includes(p)) throw new Error(`unknown S3 prefix ${p}`);
  const objectActions = actions.filter((a) => a !== 's3:ListBucket');
  const statements = [];
  if (objectActions.length > 0) {
    statements.push({
      Effect: 'Allow',
      Action: [...objectActions].sort(),
      Resource: prefixes.map((p) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${PHOTOS_BUCKET_ID}}/${p}*` })),
    });
  }
  if (actions.includes('s3:ListBucket')) {
    statements.push({
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${PHOTOS_BUCKET_ID}}` },
      Condition: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
    });
  }
  return statements;
}

/** The bucket resource (and its TLS-only policy) for a deployed stage; `appOrigin` may POST uploads from a browser. */
function cloudFormationBuckets(stage, appOrigin) {
  const retain = stage === 'prod' ? { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } : {};
  return {
    [PHOTOS_BUCKET_ID]: {
      Type: 'AWS::S3::Bucket',
      ...retain,
      Properties: {
        BucketName: { 'Fn::Sub': `${service}-${stage}-photos-\${AWS::AccountId}` },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        // the H5 app posts uploads from its own origin; the weapp's uploadFile is not subject to CORS
        CorsConfiguration: {
          CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: [appOrigin], AllowedHeaders: ['*'], MaxAge: 3600 }],
        },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'abandoned-uploads', Status: 'Enabled', Prefix: `${PHOTO_PREFIX}uploads/`, ExpirationInDays: 1 },
            { Id: 'abandoned-evidence-uploads', Status: 'Enabled', Prefix: `${EVIDENCE_PREFIX}uploads/`, ExpirationInDays: 1 },
            { Id: 'abandoned-claim-uploads', Status: 'Enabled', Prefix: `${CLAIMS_PREFIX}uploads/`, ExpirationInDays: 1 },
            // 导出我的数据: a copy of someone's personal data is kept one day, then deleted
            { Id: 'personal-data-exports', Status: 'Enabled', Prefix: EXPORT_PREFIX, ExpirationInDays: 1 },
            // 导出统计报表: the report's .xlsx and .csv, a day
            { Id: 'figures-exports', Status: 'Enabled', Prefix: FIGURES_PREFIX, ExpirationInDays: 1 },
            { Id: 'unfinished-multipart', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          ],
        },
      },
    },
    [`${PHOTOS_BUCKET_ID}Policy`]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: PHOTOS_BUCKET_ID },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TlsOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [
                { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${PHOTOS_BUCKET_ID}}` },
                { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${PHOTOS_BUCKET_ID}}/*` },
              ],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
  };
}

/** BUCKET_PHOTOS and, locally, the S3-compatible server's address (npm start and the tests run s3rver). */
function bucketEnvironment(stage) {
  if (stage === 'local') {
    return { BUCKET_PHOTOS: localBucketName(), S3_ENDPOINT: process.env.S3_ENDPOINT || 'http://127.0.0.1:4569' };
  }
  return { BUCKET_PHOTOS: { Ref: PHOTOS_BUCKET_ID }, S3_ENDPOINT: '' };
}

module.exports = {
  PHOTOS_BUCKET_ID,
  PHOTO_PREFIX,
  EXPORT_PREFIX,
  FIGURES_PREFIX,
  EVIDENCE_PREFIX,
  CLAIMS_PREFIX,
  S3_ACTIONS,
  photoStatements,
  cloudFormationBuckets,
  bucketEnvironment,
  localBucketName,
};
