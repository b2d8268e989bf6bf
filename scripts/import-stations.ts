/**
 * Imports a stations CSV of any size through the API, in chunks under the 64 KB request limit,
 * with progress on the command line and an error report by row (docs/stations.md has the columns).
 *
 *   npx tsx scripts/import-stations.ts stations.csv [--api http://127.0.0.1:3000] [--login dev:admin | --token JWT] [--dry-run]
 *
 * On deployed stages pass a staff member's session token with --token (dev logins work on local only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { contract } from '../shared/contract';
import { ApiError, createClient, type Transport } from '../shared/client';

const CHUNK_BYTES = 56 * 1024; // below the API's 64 KB, leaving room for JSON escaping

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const fetchTransport: Transport = async ({ method, url, headers, body }) => {
  const reply = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await reply.text();
  return { status: reply.status, data: text ? JSON.parse(text) : undefined };
};

/** Splits a CSV into chunks of whole rows, each with the header, remembering each chunk's first file row. */
export function chunkCsv(text: string, maxBytes = CHUNK_BYTES): { csv: string; firstRow: number; rows: number }[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header) return [];
  const head = Papa.unparse([header]);
  const chunks: { csv: string; firstRow: number; rows: number }[] = [];
  let current: string[] = [];
  let bytes = Buffer.byteLength(head);
  let firstRow = 2;
  rows.forEach((row, i) => {
    const line = Papa.unparse([row]);
    const size = Buffer.byteLength(line) * 1.2 + 1; // JSON escaping of quotes and backslashes
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push({ csv: [head, ...current].join('\n'), firstRow, rows: current.length });
      current = [];
      bytes = Buffer.byteLength(head);
      firstRow = i + 2;
    }
    current.push(line);
    bytes += size;
  });
  if (current.length) chunks.push({ csv: [head, ...current].join('\n'), firstRow, rows: current.length });
  return chunks;
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} 行 ${Math.round((done / Math.max(total, 1)) * 100)}%`;
}

async function main() {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) {
    console.error('用法: npx tsx scripts/import-stations.ts <文件.csv> [--api URL] [--login dev:admin | --token JWT] [--dry-run]');
    process.exit(2);
  }
  const dryRun = process.argv.includes('--dry-run');
  let token = option('--token') ?? null;
  const api = createClient(contract, {
    baseUrl: option('--api') ?? 'http://127.0.0.1:3000',
    transport: fetchTransport,
    getToken: () => token,
  });
  if (!token) token = (await api.loginWithWechat({ body: { code: option('--login') ?? 'dev:admin' } })).token;

  const chunks = chunkCsv(readFileSync(file, 'utf8'));
  const total = chunks.reduce((s, c) => s + c.rows, 0);
  let done = 0;
  let created = 0;
  let updated = 0;
  const errors: { row: number; field: string; message: string }[] = [];
  const interactive = process.stdout.isTTY;
  for (const chunk of chunks) {
    const result = await api.importStations({ body: { csv: chunk.csv, dryRun } });
    created += result.created;
    updated += result.updated;
    // the API numbers rows within the chunk (header = 1); map them back to the file
    errors.push(...result.errors.map((e) => ({ ...e, row: e.row === 1 ? 1 : e.row - 2 + chunk.firstRow })));
    done += chunk.rows;
    process.stdout.write(interactive ? `\r${bar(done, total)}` : `${bar(done, total)}\n`);
  }
  if (interactive) process.stdout.write('\n');
  const unique = errors.filter((e, i) => !(e.row === 1 && errors.findIndex((x) => x.row === 1 && x.field === e.field) !== i));
  console.log(
    `${dryRun ? '试运行（未写入）：' : ''}新增 ${created} 个，更新 ${updated} 个，有问题的行 ${new Set(unique.map((e) => e.row)).size} 行`,
  );
  if (unique.length) {
    const report = `${file}.errors.csv`;
    writeFileSync(report, `\uFEFF${Papa.unparse(unique.map((e) => ({ 行号: e.row, 字段: e.field, 问题: e.message })))}`);
    console.log(`问题清单已写入 ${report}`);
    for (const e of unique.slice(0, 10)) console.log(`  第 ${e.row} 行 ${e.field}：${e.message}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ApiError ? `导入失败：${error.message}` : error);
    process.exit(1);
  });
}
