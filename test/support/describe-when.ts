/**
 * `describe` for suites that need something outside jest (Chromium, a build). Missing it on a
 * developer's machine skips the suite loudly; under CI=true a skipped suite is a failure, so a
 * broken install can never pass as green.
 */
export function describeWhen(ready: boolean, missing: string): (name: string, body: () => void) => void {
  if (ready) return describe;
  console.warn(`\n*** SKIPPED: ${missing} ***\n`);
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        it('runs on CI', () => {
          throw new Error(`${missing} (CI=true: a skipped suite is a failure)`);
        });
      });
  }
  return describe.skip;
}
