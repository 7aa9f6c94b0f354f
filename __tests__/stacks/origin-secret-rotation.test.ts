/** The rotation as the platform stack wires it: which value CloudFront sends, which the ALB accepts, and in what order. */
import { dev, onlyResource, synthPlatform, withChanges } from '../helpers';

function wiring(rotation?: { generation: number; phase: 'steady' | 'switching' }) {
  const { json } = synthPlatform(withChanges(dev, (env) => void (env.originSecretRotation = rotation)));
  const distribution = onlyResource(json, 'aws_cloudfront_distribution');
  const [origin] = distribution.origin as Array<{ custom_header: Array<{ value: string }> }>;
  const rule = onlyResource(json, 'aws_lb_listener_rule');
  const [{ http_header: header }] = rule.condition as Array<{ http_header: { values: string[] } }>;
  const ruleAddress = Object.keys(json.resource?.aws_lb_listener_rule ?? {}).map((n) => `aws_lb_listener_rule.${n}`);
  return {
    sends: origin.custom_header[0].value,
    accepts: header.values,
    distributionWaitsFor: distribution.depends_on as string[],
    ruleAddress: ruleAddress[0],
  };
}

const slot = (id: string) =>
  expect.stringMatching(
    new RegExp(`^\\$\\{sensitive\\(terraform_data\\.origin-secret_${id}_[0-9A-F]+\\.output\\.secret\\)\\}$`),
  );

describe('origin secret rotation in the platform stack', () => {
  it('without a rotation, the ALB accepts exactly what CloudFront sends', () => {
    const { sends, accepts } = wiring();
    expect(sends).toEqual(slot('value'));
    expect(accepts).toEqual([sends]);
  });

  it('while switching, CloudFront sends the new value and the ALB accepts the new and the previous one', () => {
    const { sends, accepts } = wiring({ generation: 1, phase: 'switching' });
    expect(sends).toEqual(slot('odd-generation-value'));
    expect(accepts).toEqual([sends, slot('value')]);
  });

  it('once steady again, the ALB accepts only the new value', () => {
    const { sends, accepts } = wiring({ generation: 1, phase: 'steady' });
    expect(sends).toEqual(slot('odd-generation-value'));
    expect(accepts).toEqual([sends]);
  });

  it('changes CloudFront only after the listener rule, so the rule accepts a new value before any edge sends it', () => {
    const { distributionWaitsFor, ruleAddress } = wiring({ generation: 1, phase: 'switching' });
    expect(distributionWaitsFor).toContain(ruleAddress);
  });

  it('refuses to switch before there is a previous generation, naming the field', () => {
    expect(() => wiring({ generation: 0, phase: 'switching' })).toThrow(
      'dev: originSecretRotation.phase: "switching" needs a previous generation',
    );
  });
});
