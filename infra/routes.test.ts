import { contract } from '../shared/contract';
import { definitions } from './functions.cjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const contractRoutes = Object.entries(contract).map(([name, def]) => ({ name, route: `${def.method} ${def.path}` }));
const httpFunctions = Object.entries(definitions).filter(([, def]) => def.route && def.route !== '*');

describe('serverless.yml functions and the shared contract', () => {
  it('every contract entry has a function with the same name and route', () => {
    for (const { name, route } of contractRoutes) {
      expect({ name, route: definitions[name as keyof typeof definitions]?.route }).toEqual({ name, route });
    }
  });

  it('every HTTP function has a contract entry', () => {
    const known = new Set(contractRoutes.map((r) => r.route));
    expect(httpFunctions.map(([, def]) => def.route!).filter((r) => !known.has(r))).toEqual([]);
  });

  it('every handler file exists', () => {
    for (const def of Object.values(definitions)) {
      expect(existsSync(join(__dirname, '..', `${def.handler.replace(/\.handler$/, '')}.ts`))).toBe(true);
    }
  });
});
