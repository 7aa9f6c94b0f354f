import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Env } from '../../src/config';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything written so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Starts `node <args>` from the repository root and waits for the service's "listening" log line. */
export async function spawnService(args: readonly string[], env: Env, timeoutMs = 20_000): Promise<ServiceProcess> {
  const { child, output, exited } = spawnNode(args, env);
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line within ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const look = () => {
      const match = /"msg":"listening","port":(\d+)/.exec(output());
      if (match === null) return;
      clearTimeout(timer);
      resolvePort(Number(match[1]));
    };
    child.stdout?.on('data', look);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output()}`)));
  });
  return { child, port, output, exited };
}

export function spawnNode(args: readonly string[], env: Env) {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => text, exited };
}
