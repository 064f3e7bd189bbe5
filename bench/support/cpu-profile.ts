import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';

/**
 * A V8 CPU profile of one part of a bench (what --cpu-prof gives for the whole process, but only the part timed):
 * `const stop = await cpuProfile(dir, 'runs')` ... `await stop()` writes `<dir>/<name>.cpuprofile` (open it in
 * Chrome DevTools or summarise it by function). Nothing when `dir` is undefined.
 */
export async function cpuProfile(dir: string | undefined, name: string): Promise<() => Promise<string | undefined>> {
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  };
}
