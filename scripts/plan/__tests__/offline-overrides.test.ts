import { backendOverride, providerOverride } from '../offline-overrides';

const stubs = {
  access_key: 'offline-plan-stub',
  secret_key: 'offline-plan-stub',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  allowed_account_ids: null,
};

describe('offline override files', () => {
  it('replaces the backend with a local one at the given path', () => {
    expect(backendOverride('/scratch/dev.tfstate')).toEqual({
      terraform: { backend: { local: { path: '/scratch/dev.tfstate' } } },
    });
  });

  it('gives the default and every aliased aws provider stub credentials, matched by alias', () => {
    const stack = {
      provider: {
        aws: [
          { region: 'eu-west-1', default_tags: [{ tags: { Project: 'x' } }] },
          { alias: 'us_east_1', region: 'us-east-1' },
        ],
      },
    };
    // Region and tags are not repeated: Terraform merges the override into the block with the same alias.
    expect(providerOverride(stack)).toEqual({ provider: { aws: [stubs, { alias: 'us_east_1', ...stubs }] } });
  });

  it('accepts a single provider object as hand-written JSON has it', () => {
    expect(providerOverride({ provider: { aws: { region: 'eu-west-1' } } })).toEqual({ provider: { aws: [stubs] } });
  });

  it('writes no provider override for a stack without aws providers (Terraform rejects one without a base)', () => {
    expect(providerOverride({ resource: {} })).toBeUndefined();
  });

  it('rejects a provider configuration that is not an object', () => {
    expect(() => providerOverride({ provider: { aws: ['eu-west-1'] } })).toThrow(
      'provider.aws must hold objects, got "eu-west-1".',
    );
  });
});
