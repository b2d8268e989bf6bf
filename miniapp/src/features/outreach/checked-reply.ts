import type { z } from 'zod';
import { ApiError } from '@shared/client';

/** said when an answer is not what the screen draws: a load error with 重试, never a crash */
export const BAD_REPLY_MESSAGE = '读取到的数据不完整，请重试';

/**
 * The answer checked against the shared schema before anything draws it. A reply of another shape
 * (a proxy's page, a half-read body, an answer from an older API) becomes a load error the screen
 * shows with 重试 (and a live read keeps its last good figures), instead of throwing in render.
 */
export async function checkedReply<S extends z.ZodType>(schema: S, reply: Promise<unknown>): Promise<z.infer<S>> {
  const data = await reply;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(0, 'unexpected', BAD_REPLY_MESSAGE);
  return data as z.infer<S>;
}
