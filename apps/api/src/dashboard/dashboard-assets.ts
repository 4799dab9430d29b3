import { basename, dirname, join, resolve } from 'node:path';

/*
 * The page's files are plain HTML, CSS and JavaScript modules that the TypeScript build does not
 * copy, so they stay in apps/api/public/ and are read from there both when this file runs from
 * source (jest: <root>/apps/api/src/dashboard) and when it runs built (<root>/dist/apps/api/src/dashboard).
 * The Docker image copies the folder beside dist/ for the same reason. Resolving from this file,
 * not from the working directory, keeps it independent of where the process was started.
 */
const fourUp = resolve(__dirname, '..', '..', '..', '..');
const REPO_ROOT = basename(fourUp) === 'dist' ? dirname(fourUp) : fourUp;
const PUBLIC_DIR = join(REPO_ROOT, 'apps', 'api', 'public', 'dashboard');

/** Chart.js ships a browser build beside its CommonJS entry point (the package exports neither file path). */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');

export const DASHBOARD_PAGE = join(PUBLIC_DIR, 'index.html');

/** The only files served under /dashboard/assets/: a fixed list, so no request names a path. */
export const DASHBOARD_ASSETS: Readonly<Record<string, string>> = {
  'dashboard.css': join(PUBLIC_DIR, 'dashboard.css'),
  'dashboard.js': join(PUBLIC_DIR, 'dashboard.js'),
  'state.js': join(PUBLIC_DIR, 'state.js'),
  'sign-in.js': join(PUBLIC_DIR, 'sign-in.js'),
  'office-chart.js': join(PUBLIC_DIR, 'office-chart.js'),
  'officers-table.js': join(PUBLIC_DIR, 'officers-table.js'),
  'worklist.js': join(PUBLIC_DIR, 'worklist.js'),
  'alert-feed.js': join(PUBLIC_DIR, 'alert-feed.js'),
  'live-updates.js': join(PUBLIC_DIR, 'live-updates.js'),
  'oversight.js': join(PUBLIC_DIR, 'oversight.js'),
  'staffing.js': join(PUBLIC_DIR, 'staffing.js'),
  'api-client.js': join(PUBLIC_DIR, 'api-client.js'),
  'event-stream.js': join(PUBLIC_DIR, 'event-stream.js'),
  'render.js': join(PUBLIC_DIR, 'render.js'),
  'favicon.svg': join(PUBLIC_DIR, 'favicon.svg'),
  'chart.umd.js': CHART_JS,
};
