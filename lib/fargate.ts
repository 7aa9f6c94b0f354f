/**
 * Valid Fargate task sizes (AWS). Terraform accepts any numbers and only ECS rejects a bad pair at apply time,
 * so synth checks it here first.
 */
const MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

function describeMemory(values: readonly number[]): string {
  if (values.length <= 3) return values.join(', ');
  return `${values[0]}-${values[values.length - 1]} in steps of ${values[1] - values[0]}`;
}

/** Returns why `cpu`/`memory` is not a valid Fargate size, or undefined when it is. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const memoryOptions = MEMORY_BY_CPU.get(cpu);
  if (!memoryOptions) {
    return `cpu ${cpu} is not a Fargate size; valid cpu values are ${[...MEMORY_BY_CPU.keys()].join(', ')}`;
  }
  if (!memoryOptions.includes(memory)) {
    return `cpu ${cpu} with memory ${memory} is not a valid Fargate pair; with cpu ${cpu} memory must be ${describeMemory(memoryOptions)} MiB`;
  }
  return undefined;
}
