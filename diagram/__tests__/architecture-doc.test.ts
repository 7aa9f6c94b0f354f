import { architectureDocument, requestPath } from '../architecture/document';
import { SECTIONS } from '../architecture/sections';
import { buildModel } from '../build-model';
import { platformFacts } from '../facts';
import type { AnalyzedStack } from '../analyzed-stack';
import { editedStack, fixtureStack, onlyResource } from './fixture-stacks';

/** The cells of every table row whose first cell is `label`, padding trimmed. */
function rows(text: string, label: string): string[][] {
  return text
    .split('\n')
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => cells[0] === label);
}

function documentOf(stacks: AnalyzedStack[]): string {
  const all = [...stacks, fixtureStack('state')];
  return architectureDocument(
    stacks.map(buildModel),
    stacks.map((s) => platformFacts(s, all)),
  );
}

describe('architectureDocument', () => {
  const doc = () => documentOf([fixtureStack('dev'), fixtureStack('prod')]);

  it('starts with the prod diagram and the request path the model finds', () => {
    expect(doc()).toMatch(/^# Architecture\n[\s\S]*?!\[Architecture of the prod environment\]\(prod\.svg\)/);
    expect(requestPath(buildModel(fixtureStack('prod')))).toEqual([
      'Clients',
      'Amazon Route 53',
      'Amazon CloudFront',
      'Amazon API Gateway',
      'VPC link',
      'Application Load Balancer',
      'AWS Fargate',
      'Amazon DynamoDB',
    ]);
  });

  it('states the configured numbers of each environment in its column', () => {
    const text = doc();
    expect(rows(text, '')).toEqual([['', '`dev`', '`prod`']]);
    expect(rows(text, 'Availability Zones')).toEqual([
      ['Availability Zones', '2', '3'],
      ['Availability Zones', '2 (eu-west-1a, eu-west-1b)', '3 (eu-west-1a, eu-west-1b, eu-west-1c)'],
    ]);
    expect(rows(text, 'NAT gateways')[0]).toEqual(['NAT gateways', '1 (shared by all AZs)', '3 (one per AZ)']);
    expect(rows(text, 'Task size')[0]).toEqual([
      'Task size',
      '0.25 vCPU (256 units), 512 MiB',
      '0.5 vCPU (512 units), 1,024 MiB',
    ]);
    expect(rows(text, 'Stage throttling')).toEqual([
      ['Stage throttling', '20 requests/s, burst 50', '200 requests/s, burst 500'],
    ]);
    expect(rows(text, 'Rate limit')).toEqual([
      ['Rate limit', '500 requests per IP per 5 min', '2,000 requests per IP per 5 min'],
    ]);
  });

  it('follows the stacks: a changed throttle in the stage changes the document', () => {
    const changed = editedStack('prod', (json) => {
      const settings = onlyResource(json, 'aws_apigatewayv2_stage').default_route_settings as Record<string, number>;
      settings.throttling_rate_limit = 345;
    });
    expect(documentOf([fixtureStack('dev'), changed])).toContain(
      '| Stage throttling | 20 requests/s, burst 50 | 345 requests/s, burst 500 |',
    );
  });

  it('says "not set" where a stack does not configure a value', () => {
    expect(rows(doc(), 'Price class')).toEqual([['Price class', 'not set', 'not set']]);
  });

  it('has a section for every service, and no configured number in the hand-written prose', () => {
    const titles = [...doc().matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['At a glance', ...SECTIONS.map((s) => s.title)]);
    // Names that contain digits but are not configuration: a Region, services, an HTTP status the design fixes.
    const names = /us-east-1|Route 53|\bS3\b|\bEC2\b|\b403\b/g;
    for (const section of SECTIONS) {
      expect(`${section.title} ${section.what} ${section.why}`.replace(names, '')).not.toMatch(/\d/);
    }
  });
});
