import { dev, prod, synthPlatform, withChanges } from '../helpers';
import { IMAGE_PLATFORMS, releaseFacts, releaseImagePlatform, stackImagePlatforms } from '../../scripts/release/facts';

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
      imagePlatform: IMAGE_PLATFORMS[dev.service.cpuArchitecture],
    });
    expect(Object.keys(json.resource?.aws_ecr_repository ?? {}).map((id) => `aws_ecr_repository.${id}`)).toEqual([
      facts.repositoryAddress,
    ]);
  });

  it('build for the architecture the task definitions declare, and refuse stacks that disagree', () => {
    const { json: devJson } = synthPlatform(dev);
    const { json: prodJson } = synthPlatform(prod);
    const configured = IMAGE_PLATFORMS[prod.service.cpuArchitecture];
    expect(dev.service.cpuArchitecture).toBe(prod.service.cpuArchitecture);
    const both = [
      { name: 'dev', json: devJson },
      { name: 'prod', json: prodJson },
    ];
    expect(releaseImagePlatform(both)).toBe(configured);
    const other = prod.service.cpuArchitecture === 'ARM64' ? 'X86_64' : 'ARM64';
    const changed = structuredClone(prodJson);
    for (const task of Object.values(changed.resource?.aws_ecs_task_definition ?? {})) {
      (task.runtime_platform as Record<string, unknown>).cpu_architecture = other;
    }
    expect(stackImagePlatforms(changed, 'prod')).toEqual([IMAGE_PLATFORMS[other]]);
    expect(() => releaseImagePlatform([both[0], { name: 'prod', json: changed }])).toThrow(
      `found ${configured} (dev); ${IMAGE_PLATFORMS[other]} (prod)`,
    );
  });

  it('fail with the stack and field when a fact is not a literal', () => {
    const { json } = synthPlatform(withChanges(dev, () => undefined));
    const broken = structuredClone(json);
    (broken.output as Record<string, Record<string, unknown>>).app_url.value = '${aws_route53_record.x.fqdn}';
    expect(() => releaseFacts(broken, 'dev')).toThrow(/Stack "dev": output app_url must be a literal string/);
  });
});
