import type { Page } from 'playwright-core';

/**
 * What a rider with gloves, in sunlight, on a small phone meets on the screen now shown:
 *  - every tap target at least 44×44 CSS px, and taking taps over its whole visible area (points
 *    near each edge and the centre must land on it, not on something drawn over or beside it);
 *  - every visible text at least 4.5:1 against what is behind it (computed colours, opacity and
 *    the backgrounds below, gradients at their worst stop);
 *  - nothing wider than the screen, and no text cut off (overflow hidden or an ellipsis).
 * Returns one line per problem, naming the element by its class and text, so a failure reads as a
 * to-do list. Disabled controls are held to the same contrast (WCAG would leave them out): a grey
 * 提交 must still say 请先选择问题 readably, or the rider cannot tell why nothing happens.
 * `within` (a selector) audits only the first visible match and what is inside it: an open dialog
 * or picker, above a page its mask covers.
 */
export async function auditScreen(
  page: Page,
  { minTarget = 44, minContrast = 4.5, within }: { minTarget?: number; minContrast?: number; within?: string } = {},
): Promise<string[]> {
  return page.evaluate(
    ({ minTarget, minContrast, within }) => {
      const problems: string[] = [];
      const describe = (el: Element) => {
        const cls = (el.getAttribute('class') ?? '')
          .split(/\s+/)
          .filter((c) => c && !c.startsWith('hydrated'))
          .slice(0, 3)
          .join('.');
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 24);
        return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}> "${text}"`;
      };
      const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
      const scope = within ? Array.from(document.querySelectorAll(within)).find(visible) : document.body;
      if (!scope) return [`nothing visible matches ${within}`];

      // --- tap targets: native controls, ARIA roles, and anything React gave an onClick (Taro's View/Text on H5)
      const reactProps = (el: Element): Record<string, unknown> | undefined => {
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
        return key ? ((el as unknown as Record<string, Record<string, unknown>>)[key] ?? undefined) : undefined;
      };
      const nativeTarget =
        'button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=link], [role=tab], [role=checkbox], [role=radio], [role=switch], .weui-tabbar__item';
      const targets = Array.from(scope.querySelectorAll('*')).filter((el) => {
        if (!visible(el)) return false;
        if (el.matches(nativeTarget)) {
          // Taro's <taro-button-core> wraps a native button: measure the one React handles
          if (el.tagName === 'BUTTON' && el.parentElement?.tagName === 'TARO-BUTTON-CORE') return false;
          // and <taro-input-core> / <taro-textarea-core> wrap the native field: measure the wrapper
          if ((el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') && el.parentElement?.tagName.startsWith('TARO-')) return false;
          return true;
        }
        return typeof reactProps(el)?.onClick === 'function';
      });
      for (const el of targets) {
        el.scrollIntoView({ block: 'center', inline: 'center' });
        const r = el.getBoundingClientRect();
        if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) {
          problems.push(`tap target ${Math.round(r.width)}×${Math.round(r.height)}: ${describe(el)}`);
          continue;
        }
        const inset = 4;
        const points: [string, number, number][] = [
          ['centre', r.left + r.width / 2, r.top + r.height / 2],
          ['top', r.left + r.width / 2, r.top + inset],
          ['bottom', r.left + r.width / 2, r.bottom - inset],
          ['left', r.left + inset, r.top + r.height / 2],
          ['right', r.right - inset, r.top + r.height / 2],
        ];
        for (const [where, x, y] of points) {
          if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
          const hit = document.elementFromPoint(x, y);
          if (hit && hit !== el && !el.contains(hit)) {
            problems.push(`tap target ${describe(el)} does not take taps at its ${where}: ${describe(hit)} is there`);
            break;
          }
        }
      }

      // --- contrast of every visible text node
      type RGBA = [number, number, number, number];
      const parse = (c: string): RGBA | null => {
        const m = /rgba?\(([^)]+)\)/.exec(c);
        if (!m) return null;
        const [r, g, b, a = '1'] = m[1]!.split(/[,\s/]+/).filter(Boolean);
        return [Number(r), Number(g), Number(b), Number(a)];
      };
      const over = (top: RGBA, below: RGBA): RGBA => {
        const a = top[3] + below[3] * (1 - top[3]);
        if (a === 0) return [255, 255, 255, 0];
        const mix = (i: number) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / a;
        return [mix(0), mix(1), mix(2), a];
      };
      const luminance = ([r, g, b]: RGBA) => {
        const lin = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const ratio = (a: RGBA, b: RGBA) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
      };
      /** the backgrounds behind an element, each possible one (a gradient gives one per colour stop) */
      const backgrounds = (el: Element): RGBA[] => {
        const layers: RGBA[][] = [];
        for (let node: Element | null = el; node; node = node.parentElement) {
          const style = getComputedStyle(node);
          const stops = Array.from(style.backgroundImage.matchAll(/rgba?\([^)]+\)/g)).map((m) => parse(m[0])!);
          const colour = parse(style.backgroundColor);
          if (stops.length) layers.push(stops);
          else if (colour && colour[3] > 0) layers.push([colour]);
          if (layers.length && layers[layers.length - 1]!.every((c) => c[3] >= 1)) break;
        }
        let result: RGBA[] = [[255, 255, 255, 1]];
        for (const layer of layers.reverse()) result = layer.flatMap((top) => result.map((below) => over(top, below)));
        return result;
      };
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || seen.has(el) || !(node.textContent ?? '').trim()) continue;
        seen.add(el);
        if (!visible(el) || el.closest('script, style')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const style = getComputedStyle(el);
        let opacity = 1;
        for (let n: Element | null = el; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
        const colour = parse(style.color);
        if (!colour) continue;
        const worst = Math.min(
          ...backgrounds(el).map((bg) => {
            const text = over([colour[0], colour[1], colour[2], colour[3] * opacity], bg);
            return ratio(text, bg);
          }),
        );
        if (worst < minContrast) problems.push(`contrast ${worst.toFixed(2)}:1 (${style.color}): ${describe(el)}`);
      }

      // --- nothing wider than the screen, no text cut off
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width) {
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 0.5)
          .filter((el) => !Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 0.5))
          .slice(0, 5);
        problems.push(`page is ${document.documentElement.scrollWidth}px wide on a ${width}px screen: ${wide.map(describe).join(', ')}`);
      }
      for (const el of Array.from(scope.querySelectorAll('*'))) {
        if (!visible(el) || !Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim())) continue;
        const style = getComputedStyle(el);
        const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
        if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`text cut off: ${describe(el)}`);
      }
      return problems;
    },
    { minTarget, minContrast, within },
  );
}

/**
 * Taro injects its own component styles (weui: tab bar, picker, buttons) as <style> tags. In the
 * production build the tests serve they come before the app's stylesheet; injected after it (a
 * build that loads them in another order), a rule of ours no heavier than Taro's loses: the tab
 * labels measured 14 px here and 10 px on the page QA walked. This moves Taro's styles last, so a
 * check run before and after holds in either order.
 */
export async function taroStylesLast(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const style of Array.from(document.head.querySelectorAll('style'))) document.head.appendChild(style);
  });
}

/** Larger text, as a phone set to a big font size shows it: every rem-sized thing grows by `factor`. */
export async function enlargeText(page: Page, factor = 1.3): Promise<void> {
  await page.evaluate((f) => {
    const html = document.documentElement;
    html.style.fontSize = `${parseFloat(getComputedStyle(html).fontSize) * f}px`;
  }, factor);
}
