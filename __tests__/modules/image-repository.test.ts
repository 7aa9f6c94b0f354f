import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Testing } from 'cdktf';
import { ImageRepository } from '../../modules/image-repository';

Testing.setupJest();

describe('image repository module', () => {
  const synthesized = Testing.synthScope((scope) => new ImageRepository(scope, 'images', { name: 'links' }));

  it('keeps tags immutable, scans on push, encrypts, and refuses destroy', () => {
    expect(synthesized).toHaveResourceWithProperties(EcrRepository, {
      name: 'links',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'AES256' }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('expires untagged images after 7 days and keeps the newest 100', () => {
    expect(synthesized).toHaveResource(EcrLifecyclePolicy);
    const [policy] = Object.values(JSON.parse(synthesized).resource.aws_ecr_lifecycle_policy) as Array<{
      policy: string;
    }>;
    expect(JSON.parse(policy.policy).rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
        action: { type: 'expire' },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100 },
        action: { type: 'expire' },
      }),
    ]);
  });

  it('takes other retention numbers', () => {
    const other = Testing.synthScope(
      (scope) => new ImageRepository(scope, 'images', { name: 'links', keepImages: 30, untaggedImageDays: 2 }),
    );
    expect(other).toHaveResourceWithProperties(EcrLifecyclePolicy, {
      policy: expect.stringMatching(/"countNumber":2\b.*"countNumber":30\b/),
    });
  });
});
