#!/usr/bin/env node
// Draws the tab bar icons (81×81 PNG, grey and red) from simple shapes, so no image tool is needed.
// Run once after changing a shape: node scripts/make-tab-icons.mjs  (output is committed)
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'miniapp/src/assets/tab');
const SIZE = 81;
const SS = 4; // supersampling for smooth edges

// Shapes in a 0..100 box; each returns true where the point is inked.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const frame = (x0, y0, x1, y1, w) => (x, y) => rect(x0, y0, x1, y1)(x, y) && !rect(x0 + w, y0 + w, x1 - w, y1 - w)(x, y);
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by),
    d2 = s(bx, by, cx, cy),
    d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const halfDisc = (cx, cy, r) => (x, y) => y <= cy && circle(cx, cy, r)(x, y);
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
const any =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));

const icons = {
  // a rest station: a house with a steaming cup in the door
  station: any(minus(any(triangle(50, 8, 6, 46, 94, 46), rect(16, 44, 84, 92)), rect(38, 60, 62, 92)), rect(42, 66, 58, 86)),
  // joining: a person with a plus
  join: any(circle(40, 30, 16), halfDisc(40, 88, 30), rect(70, 30, 78, 62), rect(58, 42, 90, 50)),
  // activities: a calendar
  activities: any(
    frame(12, 20, 88, 90, 8),
    rect(12, 20, 88, 40),
    rect(26, 8, 34, 28),
    rect(66, 8, 74, 28),
    rect(26, 52, 40, 64),
    rect(46, 52, 60, 64),
    rect(66, 52, 80, 64),
    rect(26, 72, 40, 82),
  ),
  // me: head and shoulders in a ring
  me: any(ring(50, 50, 44, 8), circle(50, 38, 15), minus(halfDisc(50, 88, 28), minus(circle(0, 0, 1000), circle(50, 50, 44)))),
};

function png(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (shape(((px + (sx + 0.5) / SS) / SIZE) * 100, ((py + (sy + 0.5) / SS) / SIZE) * 100)) hits++;
      row.set([r, g, b, Math.round((255 * hits) / (SS * SS))], 1 + px * 4);
    }
    rows.push(row);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, shape] of Object.entries(icons)) {
  writeFileSync(join(out, `${name}.png`), png(shape, [0x88, 0x88, 0x88]));
  writeFileSync(join(out, `${name}-active.png`), png(shape, [0xc8, 0x10, 0x2e]));
}
console.log(`wrote ${Object.keys(icons).length * 2} icons to ${out}`);
