/**
 * Progress of a Node install (electron/engine/node-versions) on stderr: one line per phase, the download's
 * bytes updated in place on a terminal and every few MB otherwise, so a first `--node 22` is not silent.
 */
import type { InstallProgress } from '../../engine/node-versions/index.ts';

const MB = 1024 * 1024;
/** Off a terminal, a download line at most every this many bytes. */
const PIPE_STEP_BYTES = 10 * MB;

export function installProgress(stream: NodeJS.WriteStream = process.stderr): (event: InstallProgress) => void {
  let lastShown = 0;
  let inPlace = false;
  const line = (text: string): void => {
    if (inPlace) stream.write('\n');
    inPlace = false;
    stream.write(`workbench: ${text}\n`);
  };
  return (event) => {
    if (event.phase === 'metadata') line(`installing Node ${event.version} from ${event.url}`);
    else if (event.phase === 'download') {
      const total = event.totalBytes ? ` of ${(event.totalBytes / MB).toFixed(1)} MB` : ' MB';
      const text = `downloading Node ${event.version}: ${(event.receivedBytes / MB).toFixed(1)}${total}`;
      if (stream.isTTY) {
        stream.write(`\r${text}`);
        inPlace = true;
      } else if (event.receivedBytes - lastShown >= PIPE_STEP_BYTES || event.receivedBytes === event.totalBytes) {
        lastShown = event.receivedBytes;
        line(text);
      }
    } else if (event.phase === 'verify') line(`Node ${event.version}: checking sha512 integrity`);
    else if (event.phase === 'done') line(`Node ${event.version} installed`);
  };
}
