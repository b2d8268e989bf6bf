import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/db';

// Where a person's export lives, apart from the workbook builder: 注销 deletes the files and must
// not carry exceljs (~500 KB) into its bundle to name them.

/** One export per person per 10 minutes: asked again (or twice at once) within it, the same file. */
export const EXPORT_WINDOW_MS = 10 * 60_000;

const personHash = (userId: string) => createHash('sha256').update(`export:${userId}`).digest('hex').slice(0, 32);

/** The person's export folder: a hash of their id (the key names nobody; the id is not in it). */
export const exportFolder = (userId: string, window: number) => `exports/${personHash(userId)}-${window}`;

export const windowOf = (now: Date) => Math.floor(now.getTime() / EXPORT_WINDOW_MS);

/** The files of one export. */
export const exportFiles = (folder: string) => [`${folder}/my-data.xlsx`, `${folder}/my-data.json`];

/**
 * How long the list of a person's export folders is kept: the bucket's lifecycle deletes an export
 * after a day, but S3 runs it lazily (up to a day or so later), so the list outlives it with room.
 */
const FOLDERS_KEPT_SECONDS = 3 * 86_400;

// One item per person (exports#<hash>, no personal data): the folders their exports were written to,
// so 注销 deletes every copy still in the bucket, not only the last window's. Bounded: one export per
// 10 minutes, kept 3 days → at most 432 short names.
const foldersKey = (userId: string) => ({ pk: `exports#${personHash(userId)}` });

/** Records an export's folder before its files are written (a build that dies half-way is listed too). */
export async function recordExportFolder(userId: string, folder: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName('users'),
      Key: foldersKey(userId),
      UpdateExpression: 'ADD folders :f SET expiresAt = :exp',
      ExpressionAttributeValues: {
        ':f': new Set([folder]),
        ':exp': Math.floor(now.getTime() / 1000) + FOLDERS_KEPT_SECONDS,
      },
    }),
  );
}

/** Every folder the person's exports were written to in the last days (one GetItem). */
export async function recordedExportFolders(userId: string): Promise<string[]> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: foldersKey(userId), ConsistentRead: true }));
  const folders = Item?.folders as Set<string> | undefined;
  return folders ? [...folders] : [];
}

/** 注销, once the files are deleted: the list goes too. */
export async function forgetExportFolders(userId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName('users'), Key: foldersKey(userId) }));
}
