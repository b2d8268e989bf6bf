import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * jsdom lays nothing out, so what issue 15's walk found in Chromium is checked in the stylesheets:
 * - the tab bar's unread badge was white on Taro's #f43530 (3.89:1);
 * - 全部已读 at 320 px with large text was squeezed to a character a line;
 * - 要求补充材料 and 核准 in one row had different heights (Taro's H5 `taro-button-core +
 *   taro-button-core { margin-top: 15px }` pushed the second one down).
 */
const sheet = (file: string) => readFileSync(join(__dirname, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const rule = (file: string, selector: string): Record<string, string> => {
  const found: Record<string, string> = {};
  for (const [, selectors, body] of sheet(file).matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (!selectors!.split(',').some((s) => s.trim() === selector)) continue;
    for (const decl of body!.split(';')) {
      const [name, ...value] = decl.split(':');
      if (name?.trim() && value.length > 0) found[name.trim()] = value.join(':').trim();
    }
  }
  return found;
};

/** WCAG contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

it('the unread badge on the tab bar is white on a red of at least 4.5:1, and outranks Taro’s one-class rule', () => {
  // Taro's own: `.weui-badge { color: #fff; background-color: #f43530 }`
  expect(contrast('#ffffff', '#f43530')).toBeLessThan(4.5);
  const badge = rule('app.css', '.weui-tabbar .weui-badge');
  expect(badge['background-color']).toMatch(/^#[0-9a-f]{6}$/i);
  expect(contrast('#ffffff', badge['background-color']!)).toBeGreaterThanOrEqual(4.5);
});

it('全部已读 keeps its own width on one line (the header wraps it below the title), never squeezed', () => {
  const all = rule('features/messages/messages.css', '.messages__all');
  expect(all.flex).toBe('0 0 auto');
  expect(all['white-space']).toBe('nowrap');
  expect(all.width).toBe('auto');
  expect(rule('features/messages/messages.css', '.messages__header')['flex-wrap']).toBe('wrap');
});

it('the review buttons of one row have no margin of their own (Taro’s sibling margin gone) and centre their labels', () => {
  const choice = rule('features/claims-staff/claims-staff.css', '.review__choices .review__choice');
  expect(choice.margin).toBe('0');
  expect(choice.display).toBe('flex');
  expect(choice['align-items']).toBe('center');
  // the row stretches its items to the tallest
  expect(rule('features/claims-staff/claims-staff.css', '.review__choices')['align-items'] ?? 'stretch').toBe('stretch');
});
