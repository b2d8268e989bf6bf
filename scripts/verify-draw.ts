/**
 * Checks a published draw (摇号) from its public record, independently of the server's code:
 *
 *   npx tsx scripts/verify-draw.ts https://<api>/activities/<id>/draw
 *   npx tsx scripts/verify-draw.ts saved-draw.json
 *
 * A URL is read page by page (following nextCursor); a file holds one answer of GET
 * /activities/{id}/draw, or a list of its pages. It checks, as the published algorithm says:
 *   1. SHA-256(seed bytes) = the commitment published before the close;
 *   2. each entry's rank = HMAC-SHA256(key = the seed's 32 bytes, message = the entry key's UTF-8), hex
 *      (the key is the published 报名编号; it is taken as given, nothing else about the member is needed);
 *   3. the order = entries sorted by rank ascending (ties by key), positions 1, 2, 3 …;
 *   4. the places: walking that order, an entry whose places fit what is left of the published
 *      capacity (the one the order was drawn with) won, the others did not (waiting list or not drawn).
 *      An entry marked `movedTo` won but found no room when places were given (the capacity was
 *      lowered after the draw): it is still checked as won, and counted in the summary.
 * Prints 一致 (exit 0) or 不一致 with the first difference (exit 1); a source it cannot read (no
 * network, an HTTP error, no such file, not JSON, not a draw) prints 无法读取摇号公示：<why> (exit 1).
 * Only node:crypto: nothing of the server is used, so the check does not trust the code it checks.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface PublishedEntry {
  position: number;
  key: string;
  rank: string;
  places: number;
  outcome: string;
  movedTo?: string;
  name?: string;
  memberNoTail?: string;
}

export interface PublishedDraw {
  capacity: number;
  commitment: string;
  state?: string;
  seed?: string;
  applicants?: number;
  entries: PublishedEntry[];
  nextCursor?: string;
}

export type Verdict = { ok: true; entries: number; moved?: number } | { ok: false; difference: string };

/** Why the published draw could not be read: printed as 无法读取摇号公示：<why> (exit 1). */
export class DrawReadError extends Error {
  constructor(why: string) {
    super(`无法读取摇号公示：${why}`);
  }
}

const why = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = e?.cause?.code ?? e?.code;
  return code ?? e?.cause?.message ?? e?.message ?? String(error);
};

/** Every entry, from a source: a URL (all pages) or a saved file (one answer, or a list of pages). */
export async function loadDraw(source: string, fetchPage: typeof fetch = fetch): Promise<PublishedDraw> {
  if (/^https?:\/\//.test(source)) {
    const pages: PublishedDraw[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL(source);
      if (cursor) url.searchParams.set('cursor', cursor);
      const reply = await fetchPage(url).catch((error: unknown) => {
        throw new DrawReadError(`连不上 ${url.origin}（${why(error)}），请检查网址和网络`);
      });
      if (!reply.ok) throw new DrawReadError(`${url} 回答 HTTP ${reply.status}，请检查网址`);
      const page = await reply.json().catch(() => {
        throw new DrawReadError(`${url} 的内容不是 JSON，请确认这是摇号公示的数据地址（…/activities/<编号>/draw）`);
      });
      pages.push(checked(page, String(url)));
      cursor = (page as PublishedDraw).nextCursor;
      if (pages.length > 10_000) throw new DrawReadError('页数过多');
    } while (cursor);
    return merge(pages);
  }
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    const code = why(error);
    throw new DrawReadError(
      code === 'ENOENT'
        ? source.startsWith('/')
          ? `找不到文件 ${source}。网址请写完整（以 https:// 或 http:// 开头），或先把数据保存成文件`
          : `找不到文件 ${source}`
        : `打不开文件 ${source}（${code}）`,
    );
  }
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    throw new DrawReadError(`文件 ${source} 的内容不是 JSON`);
  }
  return merge((Array.isArray(saved) ? saved : [saved]).map((page) => checked(page, source)));
}

/** A page must look like an answer of GET …/draw: a commitment, a capacity and a list of entries. */
function checked(page: unknown, from: string): PublishedDraw {
  const p = page as Partial<PublishedDraw> | null;
  if (!p || typeof p !== 'object' || typeof p.commitment !== 'string' || typeof p.capacity !== 'number' || !Array.isArray(p.entries))
    throw new DrawReadError(`${from} 的内容不是摇号公示（缺少承诺值、名额或报名名单）`);
  return p as PublishedDraw;
}

function merge(pages: PublishedDraw[]): PublishedDraw {
  const first = pages[0];
  if (!first) throw new DrawReadError('没有内容');
  return { ...first, entries: pages.flatMap((p) => p.entries ?? []), nextCursor: undefined };
}

/** The check itself (steps 1 to 4 above). */
export function verifyDraw(draw: PublishedDraw): Verdict {
  const differ = (difference: string): Verdict => ({ ok: false, difference });
  if (!draw.seed) return differ(`还没有公布种子（状态：${draw.state ?? '未知'}），摇号后再核对`);
  if (!/^[0-9a-f]{64}$/i.test(draw.seed)) return differ('种子不是 32 字节的十六进制数');
  const seed = Buffer.from(draw.seed, 'hex');
  const commitment = createHash('sha256').update(seed).digest('hex');
  if (commitment !== draw.commitment.toLowerCase())
    return differ(`承诺值不符：SHA-256(种子) = ${commitment}，公布的承诺值是 ${draw.commitment}`);
  if (draw.applicants !== undefined && draw.applicants !== draw.entries.length)
    return differ(`报名数不符：公布 ${draw.applicants} 个，名单上有 ${draw.entries.length} 个`);
  const keys = new Set<string>();
  for (const e of draw.entries) {
    if (keys.has(e.key)) return differ(`报名编号 ${e.key} 出现了两次`);
    keys.add(e.key);
    const rank = createHmac('sha256', seed).update(e.key, 'utf8').digest('hex');
    if (rank !== e.rank) return differ(`第 ${e.position} 位（${e.key}）的排序值应为 ${rank}，公布的是 ${e.rank}`);
  }
  const expected = [...draw.entries].sort((a, b) =>
    a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const published = [...draw.entries].sort((a, b) => a.position - b.position);
  let left = draw.capacity;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = published[i]!;
    if (got.position !== i + 1) return differ(`位置应为 ${i + 1}，公布的是 ${got.position}`);
    if (got.key !== want.key) return differ(`第 ${i + 1} 位应为 ${want.key}，公布的是 ${got.key}`);
    const fits = want.places <= left;
    if (fits) left -= want.places;
    if (fits !== (got.outcome === 'won'))
      return differ(
        `第 ${i + 1} 位（${got.key}，${got.places} 人）应${fits ? '中签' : '未中签'}（剩余名额 ${fits ? left + want.places : left}），公布的结果是 ${got.outcome}`,
      );
  }
  const moved = draw.entries.filter((e) => e.movedTo).length;
  return { ok: true, entries: expected.length, ...(moved ? { moved } : {}) };
}

async function main() {
  const source = process.argv[2];
  if (!source) {
    console.error('用法：npx tsx scripts/verify-draw.ts <摇号公示的网址，或保存的 JSON 文件>');
    process.exit(2);
  }
  const verdict = verifyDraw(await loadDraw(source));
  if (verdict.ok) {
    console.log(`一致：承诺值、${verdict.entries} 个报名的排序值、顺序和中签结果都与公布的种子相符`);
    if (verdict.moved) console.log(`另有 ${verdict.moved} 个中签报名因摇号后名额调减而转入候补或未能获得名额（公示中已标明）`);
    process.exit(0);
  }
  console.log(`不一致：${verdict.difference}`);
  process.exit(1);
}

if (require.main === module) {
  // whatever went wrong, a message in Chinese and exit 1: never 0 without 一致
  main().catch((error: unknown) => {
    console.error(error instanceof DrawReadError ? error.message : `无法核对摇号公示：${why(error)}`);
    process.exit(1);
  });
}
