import { isSecurityRelevant, isStateful } from '../resource-kinds';

describe('resource kinds a reviewer looks at twice', () => {
  it.each(['aws_kms_key', 'aws_kms_key_policy', 'aws_sns_topic_policy', 'aws_cloudwatch_log_resource_policy'])(
    'calls %s security-relevant: its policy decides who may decrypt, publish or write',
    (type) => expect(isSecurityRelevant(type)).toBe(true),
  );

  it('keeps plain configuration out of the security list', () => {
    expect(isSecurityRelevant('aws_cloudwatch_metric_alarm')).toBe(false);
    expect(isSecurityRelevant('aws_cloudwatch_dashboard')).toBe(false);
  });

  it('counts a customer-managed key as stateful too: deleting it loses what it encrypted', () => {
    expect(isStateful('aws_kms_key')).toBe(true);
  });
});
