import { Lazy, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import {
  configureTokenCreationStacks,
  CREATION_STACK_NOT_RECORDED,
  CREATION_STACKS_ENV,
} from '../token-creation-stacks';

/** Synthesizes a stack with one output whose value cannot be resolved; the message cdktf throws. */
function resolutionError(): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new TerraformOutput(stack, 'broken', {
    value: Lazy.stringValue({
      produce: () => {
        throw new Error('the value is not known');
      },
    }),
  });
  try {
    Testing.synth(stack);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth resolved a token that throws');
}

afterEach(() => configureTokenCreationStacks({}));

describe('configureTokenCreationStacks', () => {
  it('by default records no stack, and the error says how to get one', () => {
    configureTokenCreationStacks({});
    const message = resolutionError();
    expect(message).toContain('the value is not known');
    expect(message).toContain(`Object creation stack:\n  at ${CREATION_STACK_NOT_RECORDED}`);
    expect(CREATION_STACK_NOT_RECORDED).toContain(`${CREATION_STACKS_ENV}=1`);
  });

  it(`with ${CREATION_STACKS_ENV}=1, records where the token was made`, () => {
    configureTokenCreationStacks({ [CREATION_STACKS_ENV]: '1' });
    const message = resolutionError();
    expect(message).not.toContain(CREATION_STACK_NOT_RECORDED);
    expect(message).toMatch(
      /Object creation stack:\n(?: {2}at .*\n)* {2}at resolutionError .*token-creation-stacks\.test\.ts/,
    );
  });
});
