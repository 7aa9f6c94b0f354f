import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

export interface ImageRepositoryProps {
  /** Repository name, e.g. `shortlinks-dev`. */
  readonly name: string;
  /**
   * Images kept; older ones expire. Tags are immutable: an expired image cannot be pushed again under its tag.
   * @default 100, far more than the releases a rollback reaches back to
   */
  readonly keepImages?: number;
  /**
   * Days an untagged image (a failed or superseded push) is kept.
   * @default 7
   */
  readonly untaggedImageDays?: number;
}

/**
 * The ECR repository the service's images come from: immutable tags (a deployed tag always means the same image, so
 * rollbacks are exact), scanned on push, encrypted, old images expired. It holds every release, so it refuses
 * `terraform destroy` (`prevent_destroy`); remove that deliberately to tear an environment down.
 */
export class ImageRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const keepImages = props.keepImages ?? 100;
    const untaggedImageDays = props.untaggedImageDays ?? 7;

    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
      forceDelete: false,
      lifecycle: { preventDestroy: true },
    });
    new EcrLifecyclePolicy(this, 'lifecycle-policy', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${untaggedImageDays} days`,
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: untaggedImageDays,
            },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${keepImages} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepImages },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }

  /** Repository URL without tag, for `<url>:<tag>` image references and `docker push`. */
  get repositoryUrl(): string {
    return this.repository.repositoryUrl;
  }

  /** Repository ARN, for pull permissions. */
  get repositoryArn(): string {
    return this.repository.arn;
  }
}
