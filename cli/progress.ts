// Stage progress: a bar on a terminal (cli-progress), plain log lines otherwise (CI, pipes, cron).
import cliProgress from 'cli-progress';
import type { StageEvent } from '../engine/build.ts';

export function stageReporter(stream: NodeJS.WriteStream = process.stderr): { onStage: (e: StageEvent) => void; stop: () => void } {
  if (!stream.isTTY) {
    return {
      onStage: (e) => {
        if (e.phase === 'start') stream.write(`[${e.index + 1}/${e.total}] ${e.stage}…\n`);
        else stream.write(`[${e.index + 1}/${e.total}] ${e.stage} done in ${e.seconds!.toFixed(1)} s\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar({ format: 'build [{bar}] {value}/{total} stages | {stage}', stream }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onStage: (e) => {
      if (!started) {
        bar.start(e.total, 0, { stage: e.stage });
        started = true;
      }
      if (e.phase === 'start') bar.update(e.index, { stage: `${e.stage}…` });
      else bar.update(e.index + 1, { stage: `${e.stage} ${e.seconds!.toFixed(1)} s` });
    },
    stop: () => started && bar.stop(),
  };
}
