import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/*
 * On H5 a Taro <Button disabled={false}> is <taro-button-core disabled="false">, and Taro's own
 * `taro-button-core[disabled] { color: rgba(255,255,255,.6) }` matches it and outranks a single
 * class: a button whose class gives it its colours loses them (the 现在情况 taps showed no label).
 * So a Button given a `disabled` prop whose classes set a colour must have a class whose
 * `[disabled='false']` twin sets it again (two parts outrank Taro's rule), and a class that says how
 * it looks when really disabled (`[disabled]:not([disabled='false'])`), as app.css does for .big-button.
 * Read from the sources: no browser needed.
 */

const src = __dirname;
const filesUnder = (dir: string, ext: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), ext) : e.name.endsWith(ext) && !e.name.includes('.test.') ? [join(dir, e.name)] : [],
  );

interface Rule {
  /** the selector's last compound part, where the element's own classes and attributes are */
  subject: string;
  setsColour: boolean;
}
const rules: Rule[] = filesUnder(src, '.css').flatMap((file) => {
  const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].flatMap(([, selectors, body]) =>
    selectors!.split(',').map((selector) => ({
      subject: selector
        .trim()
        .split(/\s*[\s>+~]\s*/)
        .pop()!,
      setsColour: /(^|[;\s])color\s*:/.test(body!),
    })),
  );
});
const has = (subject: string, cls: string) => new RegExp(`\\.${cls}(?![\\w-])`).test(subject);
const setsColour = (cls: string) => rules.some((r) => r.setsColour && has(r.subject, cls) && !r.subject.includes('[disabled'));
const restored = (cls: string) => rules.some((r) => r.setsColour && has(r.subject, cls) && /\[disabled=['"]false['"]\]/.test(r.subject));
const greyedOut = (cls: string) => rules.some((r) => has(r.subject, cls) && r.subject.includes(`[disabled]:not([disabled='false'])`));
const cssClasses = [...new Set(rules.flatMap((r) => [...r.subject.matchAll(/\.([\w-]+)/g)].map((m) => m[1]!)))];

/** The classes a className can give: its literal words; `live-tap--${…}` stands for every live-tap--x. */
function classesOf(initializer: ts.Node): string[] {
  const words: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) words.push(...n.text.split(/\s+/));
    else if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      const parts = n.text.split(/\s+/);
      const prefix = ts.isTemplateTail(n) ? null : parts.pop()!; // runs into the ${…} that follows
      words.push(...parts);
      if (prefix) words.push(...cssClasses.filter((c) => c.startsWith(prefix)));
    }
    ts.forEachChild(n, visit);
  };
  visit(initializer);
  return [...new Set(words.filter(Boolean))];
}

/** Every <Button … disabled=…> in the app, with where it is and the classes it may have. */
function disablableButtons(): { where: string; classes: string[] }[] {
  return filesUnder(src, '.tsx').flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: { where: string; classes: string[] }[] = [];
    const visit = (n: ts.Node) => {
      if ((ts.isJsxOpeningElement(n) || ts.isJsxSelfClosingElement(n)) && n.tagName.getText() === 'Button') {
        const attrs = n.attributes.properties.filter(ts.isJsxAttribute);
        const className = attrs.find((a) => a.name.getText() === 'className')?.initializer;
        if (attrs.some((a) => a.name.getText() === 'disabled') && className) {
          const line = source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
          found.push({ where: `${relative(src, file)}:${line}`, classes: classesOf(className) });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
    return found;
  });
}

it('finds the buttons that can be disabled, the 现在情况 taps among them', () => {
  const buttons = disablableButtons();
  expect(buttons.length).toBeGreaterThan(20);
  const taps = buttons.find((b) => b.where.startsWith(join('features', 'stations', 'live-status.tsx')));
  expect(taps?.classes).toEqual(expect.arrayContaining(['live-tap', 'live-tap--good']));
});

it('a button that can be disabled keeps its colours on H5 while enabled, and is the readable grey while disabled', () => {
  const problems = disablableButtons()
    .filter(({ classes }) => classes.some(setsColour))
    .flatMap(({ where, classes }) => [
      ...(classes.some(restored) ? [] : [`${where}: no class of "${classes.join(' ')}" sets its colour for [disabled='false']`]),
      ...(classes.some(greyedOut) ? [] : [`${where}: no class of "${classes.join(' ')}" styles [disabled]`]),
    ]);
  expect(problems).toEqual([]);
});
