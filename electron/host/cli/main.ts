/**
 * `workbench` command line: the same engine as the app, for scripts and CI. Started through
 * bin/workbench.mjs, which picks a Node ≥ 24 and the process flags (no SIGUSR1 inspector).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JAIL_PLACEHOLDERS } from '../../common/run/run-spec.ts';
import { Supervisor } from '../../engine/supervisor.ts';
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { isErrorLevel } from '../../common/run/result.ts';
import { COMMANDS, commandHelp, parseArgs, usageAfterError, USAGE, type Command, type CommandName } from './args.ts';
import { formatDrivers, formatResultValue, formatSummary } from './format.ts';
import { visible, visibleLine } from './terminal-text.ts';
import { matrixCommand } from './matrix-command.ts';
import { historyCommand } from './history-command.ts';
import { benchCommand } from './bench-command.ts';
import { blastCommand } from './blast-command.ts';
import { bisectCommand } from './bisect-command.ts';
import { RunSaver } from './run-saver.ts';
import { installProgress } from './install-progress.ts';

/** A path of --allow-fs-read/-write from the current directory; `$JAIL…` and Node's `*` (everything) stay as given. */
function resolveUserPath(path: string): string {
  if (path === '*') return path;
  return JAIL_PLACEHOLDERS.some((p) => path === p || path.startsWith(`${p}/`)) ? path : resolve(path);
}

async function readCode(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

async function runCommand(command: Extract<Command, { kind: 'run' }>, supervisor: Supervisor): Promise<number> {
  let code: string;
  try {
    code = await readCode(command.file);
  } catch (error) {
    process.stderr.write(
      `workbench: cannot read ${visibleLine(command.file)}: ${visibleLine((error as Error).message)}\n`,
    );
    return 2;
  }
  const live = !command.json;
  // Paths on a command line are relative to where the user is, not to the guest's jail.
  const policy = {
    ...command.request.policy,
    fsRead: command.request.policy.fsRead.map(resolveUserPath),
    fsWrite: command.request.policy.fsWrite.map(resolveUserPath),
  };
  const input = { code, ...command.request, policy };
  // Opened first: a history that cannot be used stops the command before any code runs.
  const saver = command.save ? RunSaver.open() : undefined;
  // Whether the guest's last stdout text ended a line: the result value must start one of its own.
  let stdoutAtLineStart = true;
  if (command.request.node) await supervisor.prepareNode(command.request.node, installProgress());
  const run = supervisor.startRun(
    input,
    live
      ? {
          onOutput: (line) => {
            const text =
              line.level === 'stdout' || line.level === 'stderr' || line.text.endsWith('\n')
                ? line.text
                : `${line.text}\n`;
            if (text === '') return;
            // The guest's text reaches the terminal as text: no escape sequence, \r or bidi control acts.
            const shown = visible(text);
            if (isErrorLevel(line.level)) process.stderr.write(shown);
            else {
              process.stdout.write(shown);
              stdoutAtLineStart = shown.endsWith('\n');
            }
          },
        }
      : undefined,
  );
  saver?.record(run, input);
  const stop = (): void => run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await run.result;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (command.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    await saver?.finish();
  } else {
    // The value on stdout, where a pipe can take it; the verdict on stderr, last and on a fresh line, after
    // everything the guest wrote (the blank line also ends a line the guest left open on the terminal).
    const value = formatResultValue(result);
    if (value !== undefined) process.stdout.write(`${stdoutAtLineStart ? '' : '\n'}${value}\n`);
    await saver?.finish();
    process.stderr.write(`\n${formatSummary(result, { showNode: command.request.node !== undefined })}\n`);
  }
  return result.status === 'ok' ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  // The command an argument error is about: its usage is printed, not every command's.
  const topic = COMMANDS.includes(argv[0] as CommandName) ? (argv[0] as CommandName) : undefined;
  if (!parsed.ok) {
    process.stderr.write(`workbench: ${parsed.error}\n${usageAfterError(parsed.topic ?? topic)}\n`);
    return 2;
  }
  const command = parsed.command;
  if (command.kind === 'help') {
    process.stdout.write(`${command.topic ? commandHelp(command.topic) : USAGE}\n`);
    return 0;
  }
  const supervisor = new Supervisor();
  try {
    if (command.kind === 'drivers') {
      let version = 'unknown';
      try {
        version = command.node
          ? (await supervisor.prepareNode(command.node, installProgress())).version
          : supervisor.runtime.version;
      } catch (error) {
        version = `none (${(error as Error).message})`;
        if (command.node) throw error;
      }
      const drivers = supervisor.listDrivers(command.node);
      process.stdout.write(
        command.json
          ? `${JSON.stringify({ node: version, platform: process.platform, drivers }, null, 2)}\n`
          : `${formatDrivers(drivers, version)}\n`,
      );
      return 0;
    }
    if (command.kind === 'matrix') return await matrixCommand(command, supervisor);
    if (command.kind === 'history') return historyCommand(command);
    if (command.kind === 'bench') return await benchCommand(command, argv);
    if (command.kind === 'blast') return await blastCommand(command, supervisor);
    if (command.kind === 'bisect') return await bisectCommand(command, supervisor);
    return await runCommand(command, supervisor);
  } catch (error) {
    if (error instanceof WorkbenchError && (error.code === 'bad-argument' || error.code === 'bad-driver')) {
      process.stderr.write(`workbench: ${error.message}\n${usageAfterError(topic)}\n`);
      return 2;
    }
    process.stderr.write(`workbench: ${visibleLine((error as Error).message)}\n`);
    return 1;
  } finally {
    await supervisor.dispose();
  }
}

process.exitCode = await main(process.argv.slice(2));
