/**
 * Command lines of the project's own commands (plan, plan:apply, cost), read with Node's `util.parseArgs`: its
 * tokens, checked here so that every command words a mistake the same way, naming the argument at fault.
 */
import { parseArgs } from 'node:util';

/** One `--name` option: a flag, or one that takes a value (`--name VALUE` or `--name=VALUE`). */
export type OptionSpec =
  { type: 'boolean' } | { type: 'string'; /** What the value is, for errors: "directory". */ value: string };

export interface CommandLineSpec<Options extends Record<string, OptionSpec>> {
  options: Options;
  /** Whether arguments without `--` are allowed (stack names, a directory). */
  positionals: boolean;
  /** Printed after an unknown option, so the reader sees what there is. */
  usage: string;
}

export interface CommandLine<Options extends Record<string, OptionSpec>> {
  /** The options given: `true` for a flag, the value for the others; a repeated option keeps its last value. */
  values: { [Name in keyof Options]?: Options[Name] extends { type: 'boolean' } ? true : string };
  positionals: string[];
}

/** Parses `argv` (without node and the script); a mistake throws an Error that names the argument. */
export function parseCommandLine<Options extends Record<string, OptionSpec>>(
  argv: string[],
  spec: CommandLineSpec<Options>,
): CommandLine<Options> {
  const parseOptions = Object.fromEntries(
    Object.entries(spec.options).map(([name, option]) => [name, { type: option.type }]),
  );
  // Not strict: parseArgs' own errors do not name the argument the way these commands do; the tokens are checked below.
  const { tokens } = parseArgs({
    args: argv,
    options: parseOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, true | string> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!spec.positionals) throw new Error(`Unexpected argument ${token.value}.\n\n${spec.usage}`);
      positionals.push(token.value);
    } else if (token.kind === 'option') {
      const option = spec.options[token.name] as OptionSpec | undefined;
      if (option === undefined) throw new Error(`Unknown option ${token.rawName}.\n\n${spec.usage}`);
      if (option.type === 'boolean') {
        if (token.value !== undefined) throw new Error(`${token.rawName} takes no value.`);
        values[token.name] = true;
      } else {
        // `--out-dir --offline`: parseArgs takes the next option for the value; that is a missing value.
        if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
          throw new Error(`${token.rawName} needs a ${option.value} after it.`);
        }
        values[token.name] = token.value;
      }
    }
  }
  return { values: values as CommandLine<Options>['values'], positionals };
}

/** Where a command prints: the console when run as a command, or what a test captures. */
export type CommandOutput = Pick<Console, 'log' | 'error'>;

/** A command's entry function: its arguments and output in, its exit code out. */
export type CommandEntry = (argv: string[], output?: CommandOutput) => number;

/**
 * Wraps a command's body as its entry function: output goes to the console unless given, and an error the body
 * throws (bad arguments, unreadable input) is printed as `<name>: <message>` and exits with `failureCode`.
 */
export function commandEntry(
  name: string,
  failureCode: number,
  body: (argv: string[], output: CommandOutput) => number,
): CommandEntry {
  return (argv, output = console) => {
    try {
      return body(argv, output);
    } catch (error) {
      output.error(`${name}: ${(error as Error).message}`);
      return failureCode;
    }
  };
}
