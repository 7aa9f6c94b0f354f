/**
 * `npm run bench:test-loop [-- COMMAND...]`: the wall time of the README's test command (`npm test`, or the
 * command given) and the peak resident memory of every process it starts (tsc, eslint, jest and its workers,
 * terraform and its provider), against the budget: 45 s wall, 500 MB per process.
 *
 * Peaks come from two sources: /proc polling (VmHWM of each descendant, named by its command line; a process
 * that lives less than one poll may be missed) and, where /usr/bin/time exists, getrusage (the largest
 * descendant, missed by none). Run it on a quiet machine: other load stretches the wall time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const WALL_BUDGET_S = 45;
const RSS_BUDGET_MB = 500;
const POLL_MS = 100;
const GNU_TIME = '/usr/bin/time';

interface ProcessPeak {
  pid: number;
  label: string;
  peakKb: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  // The command name sits in parentheses and may hold spaces; the parent pid is the second field after it.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return [...inTree];
}

/** A short name for a process: `jest worker`, `tsc`, `eslint`, `terraform plan`, `terraform-provider-aws`, ... */
function labelOf(pid: number): string | undefined {
  const argv = readText(`/proc/${pid}/cmdline`)?.split('\0').filter(Boolean);
  if (!argv || argv.length === 0) return undefined;
  const words = argv.map((arg) => arg.split('/').pop() ?? arg);
  if (argv.some((arg) => arg.includes('jest-worker'))) return 'jest worker';
  // An inline script (`node -e CODE`): its code is no name.
  if (words[0] === 'node' && argv.includes('-e')) return 'node -e';
  const script = argv.slice(1).find((arg) => !arg.startsWith('-') && arg !== 'tsx');
  if (words[0] === 'node' && script) return `node ${script.split('node_modules/').pop()}`;
  if (words[0] === 'terraform') return `terraform ${words[1] ?? ''}`.trim();
  return words.slice(0, 2).join(' ');
}

function peakKbOf(pid: number): number | undefined {
  const match = readText(`/proc/${pid}/status`)?.match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) : undefined;
}

async function main(): Promise<number> {
  const command = process.argv.slice(2);
  const [file, ...args] = command.length > 0 ? command : ['npm', 'test'];
  const scratch = mkdtempSync(join(tmpdir(), 'bench-test-loop-'));
  const rusageFile = join(scratch, 'rusage');
  const viaTime = existsSync(GNU_TIME);
  const argv = viaTime ? ['-o', rusageFile, '-f', '%M %U %S', file, ...args] : args;

  const peaks = new Map<number, ProcessPeak>();
  const started = process.hrtime.bigint();
  const child = spawn(viaTime ? GNU_TIME : file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const poll = setInterval(() => {
    for (const pid of descendantsOf(child.pid!)) {
      const peakKb = peakKbOf(pid);
      const label = peaks.get(pid)?.label ?? labelOf(pid);
      if (peakKb === undefined || label === undefined) continue;
      peaks.set(pid, { pid, label, peakKb: Math.max(peakKb, peaks.get(pid)?.peakKb ?? 0) });
    }
  }, POLL_MS);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  clearInterval(poll);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;

  const text = Buffer.concat(output).toString('utf8');
  const summary = text.split('\n').filter((line) => /^(Tests|Test Suites):/.test(line.trim()));
  const byLabel = new Map<string, ProcessPeak>();
  for (const peak of peaks.values()) {
    if ((byLabel.get(peak.label)?.peakKb ?? 0) < peak.peakKb) byLabel.set(peak.label, peak);
  }
  const top = [...byLabel.values()].sort((a, b) => b.peakKb - a.peakKb).slice(0, 8);
  const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
  const polledMaxKb = Math.max(0, ...[...peaks.values()].map((peak) => peak.peakKb));
  // GNU time's last line: the largest descendant's peak (KB), then user and system CPU seconds of all of them.
  const rusage = viaTime ? readText(rusageFile)?.trim().split('\n').pop()?.split(' ').map(Number) : undefined;
  const rusageKb = rusage?.[0];
  const cpuS = rusage ? rusage[1] + rusage[2] : undefined;
  const maxKb = Math.max(polledMaxKb, rusageKb !== undefined && Number.isFinite(rusageKb) ? rusageKb : 0);

  console.log(`command: ${[file, ...args].join(' ')} (exit ${exitCode})`);
  for (const line of summary) console.log(`  ${line.trim()}`);
  console.log(`processes seen: ${peaks.size}; largest peaks (VmHWM):`);
  for (const peak of top) console.log(`  ${mb(peak.peakKb).padStart(7)}  ${peak.label}`);
  if (rusageKb !== undefined) console.log(`largest process by getrusage: ${mb(rusageKb)}`);
  if (cpuS !== undefined) {
    // On a shared machine the wall time stretches; CPU time does much less, and CPU / cores is the wall time
    // an otherwise idle machine could reach at best.
    console.log(
      `CPU time ${cpuS.toFixed(0)} s: at best ${(cpuS / availableParallelism()).toFixed(1)} s wall on ${availableParallelism()} idle cores`,
    );
  }
  console.log(`wall ${wallS.toFixed(1)} s (budget ${WALL_BUDGET_S} s, ${(wallS / WALL_BUDGET_S).toFixed(2)} of it)`);
  console.log(
    `peak per process ${mb(maxKb)} (budget ${RSS_BUDGET_MB} MB, ${(maxKb / 1024 / RSS_BUDGET_MB).toFixed(2)} of it)`,
  );
  if (exitCode !== 0) {
    console.log(`the command failed; its last output lines:\n${text.split('\n').slice(-40).join('\n')}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  return exitCode;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
