import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DASHBOARD_ASSETS, DASHBOARD_PAGE } from './dashboard-assets';

const publicDir = dirname(DASHBOARD_PAGE);
const scripts = readdirSync(publicDir).filter((file) => file.endsWith('.js'));

describe('the dashboard assets', () => {
  it('serve every script module of the page', () => {
    expect(scripts.filter((file) => !Object.hasOwn(DASHBOARD_ASSETS, file))).toEqual([]);
  });

  it('serve every module a script imports, from the folder itself', () => {
    const imported = scripts.flatMap((file) =>
      [...readFileSync(join(publicDir, file), 'utf8').matchAll(/from '([^']+)'/g)].map(([, path]) => path),
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const path of imported) {
      expect(path).toBe(`./${basename(path)}`);
      expect(Object.hasOwn(DASHBOARD_ASSETS, basename(path))).toBe(true);
    }
  });
});
