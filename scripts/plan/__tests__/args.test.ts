import { parsePlanArgs } from '../args';

describe('parsePlanArgs', () => {
  it('defaults to every stack of cdktf.out, planned for real, into .plan', () => {
    expect(parsePlanArgs([])).toEqual({
      stacks: [],
      offline: false,
      skipPlan: false,
      outDir: 'cdktf.out',
      planDir: '.plan',
    });
  });

  it('reads stacks and options in any order', () => {
    expect(parsePlanArgs(['dev', '--offline', '--compare', '../base/cdktf.out', 'prod', '--plan-dir', 'p'])).toEqual({
      stacks: ['dev', 'prod'],
      offline: true,
      skipPlan: false,
      compareDir: '../base/cdktf.out',
      outDir: 'cdktf.out',
      planDir: 'p',
    });
  });

  it('names an unknown option', () => {
    expect(() => parsePlanArgs(['--ofline'])).toThrow('Unknown option --ofline.');
  });

  it('names an option missing its directory', () => {
    expect(() => parsePlanArgs(['--compare'])).toThrow('--compare needs a directory after it.');
    expect(() => parsePlanArgs(['--out-dir', '--offline'])).toThrow('--out-dir needs a directory after it.');
  });

  it('refuses --no-plan without --compare', () => {
    expect(() => parsePlanArgs(['--no-plan'])).toThrow('--no-plan only makes sense with --compare BASE_DIR.');
  });
});
