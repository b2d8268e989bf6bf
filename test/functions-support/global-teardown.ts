import type { LocalDynamo } from '../../scripts/lib/dynamodb-local';
import type { LocalS3 } from '../../scripts/lib/s3-local';

export default async function globalTeardown(): Promise<void> {
  await Promise.all([(globalThis as { __dynamo?: LocalDynamo }).__dynamo?.stop(), (globalThis as { __s3?: LocalS3 }).__s3?.stop()]);
}
