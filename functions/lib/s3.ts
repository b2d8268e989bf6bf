import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { env, optionalEnv } from './config';

/**
 * The photos bucket (private): every object lives under `stations/`, the only prefix the functions'
 * IAM grants allow. Each command below is its own function, so the grants test (infra/code-access.ts)
 * sees exactly which S3 actions a handler reaches. Locally (S3_ENDPOINT set) the same calls go to
 * s3rver with path-style URLs and dummy credentials.
 */
let client: S3Client | undefined;

export function s3(): S3Client {
  if (!client) {
    const endpoint = optionalEnv('S3_ENDPOINT');
    client = new S3Client({
      ...(endpoint
        ? {
            endpoint,
            forcePathStyle: true,
            region: optionalEnv('AWS_REGION') ?? 'cn-north-1',
            // s3rver checks signatures against its one fixed key pair
            credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          }
        : {}),
    });
  }
  return client;
}

export const photosBucket = (): string => env('BUCKET_PHOTOS');

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** A browser-style POST upload of one object, limited by the policy to a type and a size. */
export async function presignUpload(opts: {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresSeconds: number;
}): Promise<PresignedUpload> {
  return createPresignedPost(s3(), {
    Bucket: photosBucket(),
    Key: opts.key,
    Conditions: [
      ['content-length-range', 1, opts.maxBytes],
      ['eq', '$Content-Type', opts.contentType],
    ],
    Fields: { 'Content-Type': opts.contentType },
    Expires: opts.expiresSeconds,
  });
}

/**
 * `Content-Disposition: attachment` naming the file `name` (RFC 6266 / 5987: an ASCII fallback, then the
 * UTF-8 name percent-encoded), so a browser saves 我的数据.xlsx rather than the object key's name.
 */
export function attachmentDisposition(name: string): string {
  const ascii = (part: string) => part.replace(/[^\x20-\x7e]|["\\]/g, '').trim();
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const fallback = `${ascii(base) || 'download'}${ascii(ext)}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A link to read one object for a while (the bucket is private). Signing is local: no request.
 * `downloadAs` makes the link a download under that name (S3's response-content-disposition).
 */
export async function signedGetUrl(key: string, expiresSeconds: number, opts: { downloadAs?: string } = {}): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: photosBucket(),
      Key: key,
      ...(opts.downloadAs ? { ResponseContentDisposition: attachmentDisposition(opts.downloadAs) } : {}),
    }),
    { expiresIn: expiresSeconds },
  );
}

const isMissing = (error: unknown) => {
  const e = error as Partial<S3ServiceException>;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** An object's size, or null when there is none. */
export async function objectSize(key: string): Promise<number | null> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: photosBucket(), Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** An object's bytes (callers check its size first), or null when there is none. */
export async function readObject(key: string): Promise<Buffer | null> {
  try {
    const reply = await s3().send(new GetObjectCommand({ Bucket: photosBucket(), Key: key }));
    return Buffer.from(await reply.Body!.transformToByteArray());
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function writeObject(key: string, body: Buffer, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: photosBucket(), Key: key, Body: body, ContentType: contentType }));
}

/** Deletes objects one by one (DeleteObjects needs a Content-MD5 that s3rver and S3 disagree on); a missing one is fine. */
export async function deleteObjects(keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => s3().send(new DeleteObjectCommand({ Bucket: photosBucket(), Key: key }))));
}

/**
 * Deletes up to `max` objects whose keys start with `prefix` (one ListObjectsV2 page, then each
 * object): what a record may not name (a page stored but never added, an upload never used).
 * Answers how many were deleted and whether more are left (call again: what was deleted is gone
 * from the listing). Needs s3:ListBucket on the prefix.
 */
export async function deleteObjectsUnder(prefix: string, max = 200): Promise<{ deleted: number; more: boolean }> {
  if (!prefix.endsWith('/')) throw new Error('deleteObjectsUnder: a prefix ends with /');
  const reply = await s3().send(new ListObjectsV2Command({ Bucket: photosBucket(), Prefix: prefix, MaxKeys: max }));
  const keys = (reply.Contents ?? []).map((o) => o.Key).filter((k): k is string => typeof k === 'string' && k.startsWith(prefix));
  await deleteObjects(keys);
  return { deleted: keys.length, more: reply.IsTruncated === true };
}

/** Tests and scripts: release the client's sockets. */
export function closeS3(): void {
  client?.destroy();
  client = undefined;
}
