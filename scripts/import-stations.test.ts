import Papa from 'papaparse';
import { chunkCsv } from './import-stations';

it('splits a large CSV into chunks under the request limit, each with the header, keeping row numbers', () => {
  const header = 'externalId,name,address';
  const rows = Array.from({ length: 3000 }, (_, i) => `x-${i},"驿站, 第 ${i} 号",北京市丰台区某路 ${i} 号`);
  const chunks = chunkCsv([header, ...rows].join('\n'), 20 * 1024);
  expect(chunks.length).toBeGreaterThan(5);
  expect(chunks.reduce((s, c) => s + c.rows, 0)).toBe(3000);
  for (const chunk of chunks) {
    expect(Buffer.byteLength(chunk.csv)).toBeLessThan(20 * 1024);
    const parsed = Papa.parse<Record<string, string>>(chunk.csv, { header: true });
    expect(parsed.data[0]!.externalId).toBe(`x-${chunk.firstRow - 2}`);
    expect(parsed.data[0]!.name).toBe(`驿站, 第 ${chunk.firstRow - 2} 号`);
  }
});
