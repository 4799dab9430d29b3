import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * Preloaded into a benchmarked process (`NODE_OPTIONS=--require …/cpu-profile.js`, where Node does
 * not allow --cpu-prof) when BENCH_CPU_PROF_DIR is set: profiles the whole process life and writes
 * a .cpuprofile there when it exits, to find where a goal is limited.
 */
const directory = process.env.BENCH_CPU_PROF_DIR;
if (directory) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // A session on the main thread answers synchronously, so the profile is written before exit.
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
