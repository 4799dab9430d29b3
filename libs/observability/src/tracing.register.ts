// Imported first by each app's main.ts, before anything loads http, express or pg, so that the
// instrumentations can wrap them. Does nothing unless tracing is configured (see tracing.ts).
import { basename, dirname } from 'node:path';
import { startTracing } from './tracing';

// dist/apps/<app>/src/main.js: the app is the folder above src.
const entry = process.argv[1] ?? '';
startTracing(basename(dirname(dirname(entry))) || 'app');
