/**
 * Runs a command's entry function (`planCli`, `costCli`, ...) in this process and returns its exit code and what
 * it printed, as a child process would have shown them: tests that do not need the real entry point skip the
 * start-up of a tsx child process (about 0.6 s of CPU each).
 */
import { format } from 'node:util';
import type { CommandEntry } from '../lib/command-line';

export interface CommandRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function captureCli(entry: CommandEntry, argv: string[]): CommandRun {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = entry(argv, {
    log: (...parts: unknown[]) => void stdout.push(`${format(...parts)}\n`),
    error: (...parts: unknown[]) => void stderr.push(`${format(...parts)}\n`),
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}
