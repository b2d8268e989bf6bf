import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * jsdom lays nothing out, so what broke in Chromium (issue 15's walk) is checked in the stylesheet:
 * - the 承诺值 / 种子 / 核对命令 label came out one character a line: Taro's H5 button is
 *   `width: 100%` and the label `flex: 1` (a zero basis), so 复制 took the row;
 * - a row of 摇号顺序 at 320 px in large text squeezed 王*明 · 会员号尾号 1234 · 1 人 into a
 *   one-character column between 第 N 位 and the outcome (`flex: 1; min-width: 0`).
 */
const css = readFileSync(join(__dirname, 'draws.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const rule = (selector: string): Record<string, string> => {
  const found: Record<string, string> = {};
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!selectors!.split(',').some((s) => s.trim() === selector)) continue;
    for (const decl of body!.split(';')) {
      const [name, ...value] = decl.split(':');
      if (name?.trim() && value.length > 0) found[name.trim()] = value.join(':').trim();
    }
  }
  return found;
};
/** The flex basis a `flex` shorthand (or flex-basis) gives: `flex: 1` is a zero basis. */
const basis = (r: Record<string, string>) => {
  if (r['flex-basis']) return r['flex-basis'];
  const flex = r.flex?.split(/\s+/) ?? [];
  if (flex[0] === 'none' || flex[0] === 'auto') return 'auto';
  if (flex.length === 1 && /^\d/.test(flex[0]!)) return '0%';
  return flex[2] ?? (flex.length > 0 ? '0%' : 'auto');
};

it('复制 takes only its own width (and at least 44 px each way); the label keeps the width of its words', () => {
  const button = rule('.copy-text__button');
  expect(button.width).toBe('auto');
  expect(['none', '0 0 auto']).toContain(button.flex);
  // 88 design px = 44 CSS px on the 750-wide design
  expect(parseInt(button['min-height']!, 10)).toBeGreaterThanOrEqual(88);
  expect(parseInt(button['min-width']!, 10)).toBeGreaterThanOrEqual(88);
  const label = rule('.copy-text__label');
  expect(basis(label)).toBe('auto');
  expect(label['min-width']).toBeUndefined();
  // a label too long for the line takes it, and 复制 goes under it
  expect(rule('.copy-text__head')['flex-wrap']).toBe('wrap');
});

it('a row of the order: position and outcome on a line, who on the next, nothing squeezed to a column', () => {
  expect(rule('.draw-entry').display).not.toBe('flex');
  expect(rule('.draw-entry__head')).toMatchObject({ display: 'flex', 'flex-wrap': 'wrap' });
  const who = rule('.draw-entry__who');
  expect(who.display).toBe('block');
  expect(who['min-width']).toBeUndefined();
  expect(who.flex).toBeUndefined();
});
