import { buildModel } from '../build-model';
import { toMermaid } from '../mermaid';
import { fixtureStack } from './fixture-stacks';

describe('toMermaid', () => {
  // Reviewed by hand against the fixture: boxes nest AWS Cloud > edge | Region > VPC > AZ > subnet, the empty public
  // subnet of dev's second AZ says why, the request path is solid and the supporting flows dotted.
  it('writes the dev fixture as this flowchart', () => {
    expect(toMermaid(buildModel(fixtureStack('dev')))).toMatchSnapshot();
  });

  it('writes the prod fixture as this flowchart', () => {
    expect(toMermaid(buildModel(fixtureStack('prod')))).toMatchSnapshot();
  });

  it('keeps quotes and pipes from ending a label early', () => {
    const model = buildModel(fixtureStack('dev'));
    const odd = {
      ...model,
      nodes: model.nodes.map((n) => (n.id === 'table' ? { ...n, details: ['say "hi" | bye'] } : n)),
    };
    expect(toMermaid(odd)).toContain('table["Amazon DynamoDB<br/>say #quot;hi#quot; #124; bye"]');
  });
});
