import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr, shown only on a terminal and unless disabled; started lazily on the first update. */
export function progressBar(enabled: boolean, format: string): { update: (done: number, total: number, payload?: Record<string, unknown>) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  return {
    update(done, total, payload) {
      if (!enabled || !process.stderr.isTTY) return;
      if (!bar) {
        bar = new SingleBar({ format, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
        bar.start(total, 0, payload);
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}
