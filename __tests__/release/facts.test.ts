import { dev, prod, synthPlatform, withChanges } from '../helpers';
import { releaseFacts, releaseImagePlatform, stackImagePlatforms } from '../../scripts/release/facts';

describe('release facts read from a synthesized platform stack', () => {
  it('name the account, Region, ECR repository, app URL and image platform of the stack', () => {
    const { json } = synthPlatform(dev);
    const facts = releaseFacts(json, 'dev');
    expect(facts).toMatchObject({
      stack: 'dev',
      accountId: dev.accountId,
      region: dev.region,
      repositoryName: 'shortlinks-dev',
      repositoryUrl: `${dev.accountId}.dkr.ecr.${dev.region}.amazonaws.com/shortlinks-dev`,
      appUrl: `https://${dev.dns.appDomain}`,
      imagePlatform: 'linux/amd64',
    });
    expect(Object.keys(json.resource?.aws_ecr_repository ?? {}).map((id) => `aws_ecr_repository.${id}`)).toEqual([
      facts.repositoryAddress,
    ]);
  });

  it('build for the architecture the task definition declares, and refuse stacks that disagree', () => {
    const { json: devJson } = synthPlatform(dev);
    const { json: prodJson } = synthPlatform(prod);
    expect(
      releaseImagePlatform([
        { name: 'dev', json: devJson },
        { name: 'prod', json: prodJson },
      ]),
    ).toBe('linux/amd64');
    const arm = structuredClone(prodJson);
    for (const task of Object.values(arm.resource?.aws_ecs_task_definition ?? {})) {
      (task.runtime_platform as Record<string, unknown>).cpu_architecture = 'ARM64';
    }
    expect(stackImagePlatforms(arm, 'prod')).toEqual(['linux/arm64']);
    expect(() =>
      releaseImagePlatform([
        { name: 'dev', json: devJson },
        { name: 'prod', json: arm },
      ]),
    ).toThrow(/one image platform.*linux\/amd64 \(dev\); linux\/arm64 \(prod\)/);
  });

  it('fail with the stack and field when a fact is not a literal', () => {
    const { json } = synthPlatform(withChanges(dev, () => undefined));
    const broken = structuredClone(json);
    (broken.output as Record<string, Record<string, unknown>>).app_url.value = '${aws_route53_record.x.fqdn}';
    expect(() => releaseFacts(broken, 'dev')).toThrow(/Stack "dev": output app_url must be a literal string/);
  });
});
