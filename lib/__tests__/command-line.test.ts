import { commandEntry, parseCommandLine } from '../command-line';

const spec = {
  options: {
    offline: { type: 'boolean' },
    'plan-dir': { type: 'string', value: 'directory' },
  },
  positionals: true,
  usage: 'Usage: example [--offline] [--plan-dir DIR] [STACK...]',
} as const;

describe('parseCommandLine', () => {
  it('reads flags, values (spaced or after =) and positionals in any order', () => {
    expect(parseCommandLine(['dev', '--offline', '--plan-dir', 'p', 'prod'], spec)).toEqual({
      values: { offline: true, 'plan-dir': 'p' },
      positionals: ['dev', 'prod'],
    });
    expect(parseCommandLine(['--plan-dir=-odd-name'], spec).values['plan-dir']).toBe('-odd-name');
    expect(parseCommandLine([], spec)).toEqual({ values: {}, positionals: [] });
  });

  it('takes everything after -- as positionals', () => {
    expect(parseCommandLine(['--', '--offline'], spec)).toEqual({ values: {}, positionals: ['--offline'] });
  });

  it('names an unknown option and shows the usage', () => {
    expect(() => parseCommandLine(['--ofline'], spec)).toThrow(
      'Unknown option --ofline.\n\nUsage: example [--offline] [--plan-dir DIR] [STACK...]',
    );
  });

  it('names an option missing its value, also when the next argument is another option', () => {
    expect(() => parseCommandLine(['--plan-dir'], spec)).toThrow('--plan-dir needs a directory after it.');
    expect(() => parseCommandLine(['--plan-dir', '--offline'], spec)).toThrow('--plan-dir needs a directory after it.');
  });

  it('refuses a value on a flag', () => {
    expect(() => parseCommandLine(['--offline=yes'], spec)).toThrow('--offline takes no value.');
  });

  it('refuses positionals where the command takes none', () => {
    expect(() => parseCommandLine(['dev'], { ...spec, positionals: false })).toThrow('Unexpected argument dev.');
  });
});

describe('commandEntry', () => {
  const printed = () => {
    const lines: string[] = [];
    return {
      lines,
      output: { log: (line: string) => lines.push(`out ${line}`), error: (line: string) => lines.push(`err ${line}`) },
    };
  };

  it("passes the body's exit code and output through", () => {
    const { lines, output } = printed();
    const entry = commandEntry('example', 2, (argv, out) => {
      out.log(argv.join(' '));
      return 1;
    });
    expect(entry(['a', 'b'], output)).toBe(1);
    expect(lines).toEqual(['out a b']);
  });

  it('prints an error the body throws, prefixed with the command name, and exits with the failure code', () => {
    const { lines, output } = printed();
    const entry = commandEntry('example', 2, () => {
      throw new Error('--plan-dir needs a directory after it.');
    });
    expect(entry([], output)).toBe(2);
    expect(lines).toEqual(['err example: --plan-dir needs a directory after it.']);
  });
});
