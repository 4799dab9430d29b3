// Imported first by each app's main.ts, before anything loads http, express or pg, so that the
// instrumentations can wrap them. Does nothing unless tracing is configured (see tracing.ts).
import cluster from 'node:cluster';
import { basename, dirname } from 'node:path';
import { startTracing } from './tracing';

// dist/apps/<app>/src/main.js: the app is the folder above src.
const app = basename(dirname(dirname(process.argv[1] ?? ''))) || 'app';
// The primary of several api instances only hands connections over: it has no spans of its own.
const clusterPrimary = app === 'api' && cluster.isPrimary && Number(process.env.API_INSTANCES ?? 1) > 1;
if (!clusterPrimary) startTracing(app);
