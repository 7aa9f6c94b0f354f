import { HclSyntaxError, evaluate, parseExpression, soleInterpolation } from '../hcl';
import { referencesIn, referencesInString, soleReference } from '../references';

const addresses = (text: string) => referencesInString(text).map((r) => `${r.kind} ${r.address}`);

describe('references in cdktf expressions', () => {
  test('a plain token names its object and attribute', () => {
    expect(referencesInString('${aws_vpc.main.id}')).toEqual([
      { kind: 'resource', address: 'aws_vpc.main', attribute: ['id'], src: 'aws_vpc.main.id' },
    ]);
    expect(soleReference('${data.aws_iam_policy_document.trust.json}')).toMatchObject({
      kind: 'data',
      address: 'data.aws_iam_policy_document.trust',
      attribute: ['json'],
    });
  });

  test('resource names with dashes (cdktf unique ids) stay one identifier', () => {
    expect(addresses('${aws_s3_bucket.state-bucket_C55DDAD5.arn}/*')).toEqual([
      'resource aws_s3_bucket.state-bucket_C55DDAD5',
    ]);
  });

  test('templates mix text, variables and locals', () => {
    expect(addresses('${local.prefix}-${var.zone}.example.com')).toEqual(['local local.prefix', 'var var.zone']);
  });

  test('names bound by for expressions and template for directives are not references', () => {
    expect(addresses('${[for s in aws_subnet.private : s.id if s.tags != null]}')).toEqual([
      'resource aws_subnet.private',
    ]);
    expect(
      addresses(
        '${{ for key, val in tolist(aws_acm_certificate.c.domain_validation_options): val.domain_name => val }}',
      ),
    ).toEqual(['resource aws_acm_certificate.c']);
    expect(addresses('%{ for name in var.names }${name},%{ endfor }')).toEqual(['var var.names']);
  });

  test('count, each and self are Terraform’s own', () => {
    expect(addresses('${cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 1)}-${each.key}')).toEqual([
      'resource aws_vpc.main',
      'special count',
      'special each',
    ]);
  });

  test('operators, conditionals, splats, indexes and provider functions', () => {
    expect(addresses('${var.enabled ? aws_lb.a.arn : null}')).toEqual(['var var.enabled', 'resource aws_lb.a']);
    expect(addresses('${!var.off && length(local.items) >= 2 * 1}')).toEqual(['var var.off', 'local local.items']);
    expect(addresses('${aws_subnet.private[*].id}')).toEqual(['resource aws_subnet.private']);
    expect(addresses('${aws_subnet.private.*.id}')).toEqual(['resource aws_subnet.private']);
    expect(addresses('${aws_subnet.private[local.index].id}')).toEqual([
      'resource aws_subnet.private',
      'local local.index',
    ]);
    expect(addresses('${provider::aws::arn_parse(aws_lb.a.arn).region}')).toEqual(['resource aws_lb.a']);
  });

  test('escaped $${ is literal text, and quoted strings keep their escapes', () => {
    expect(addresses('arn:aws:s3:::bucket/$${aws:username}/*')).toEqual([]);
    expect(addresses('${sensitive("say \\"${var.word}\\"")}')).toEqual(['var var.word']);
  });

  test('bare object keys are literal strings, not references', () => {
    const expr = soleInterpolation('${jsonencode({Version = "2012-10-17", Statement = local.statements})}');
    expect(expr?.kind === 'call' && evaluate(expr.args[0])).toEqual({
      Version: '2012-10-17',
      Statement: '${local.statements}',
    });
    expect(addresses('${jsonencode({Version = "2012-10-17", Statement = local.statements})}')).toEqual([
      'local local.statements',
    ]);
  });

  test('referencesIn walks nested JSON and skips // comments', () => {
    const refs = referencesIn({ a: ['${var.x}', { b: '${local.y}' }], '//': { note: '${var.ignored}' } });
    expect(refs.map((r) => r.address)).toEqual(['var.x', 'local.y']);
  });

  test('malformed text throws HclSyntaxError naming the offset', () => {
    expect(() => referencesInString('${cidrsubnet(aws_vpc.main.cidr_block, 8}')).toThrow(HclSyntaxError);
    expect(() => referencesInString('${cidrsubnet(aws_vpc.main.cidr_block, 8}')).toThrow(/offset \d+/);
    expect(() => parseExpression('aws_vpc.main.id extra')).toThrow(/unexpected text after the expression/);
    expect(() => referencesInString('${"unterminated}')).toThrow(/unterminated string/);
  });
});

describe('evaluating jsonencode arguments', () => {
  test('computes what cdktf writes for Fn.jsonencode, keeping references as ${...} text', () => {
    const text =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = ["dynamodb:GetItem"], ' +
      '"Resource" = [aws_dynamodb_table.t.arn, "${aws_dynamodb_table.t.arn}/index/*"], "Sid" = 1.5e1, "Ok" = true, "No" = null}]})}';
    const expr = soleInterpolation(text);
    expect(expr?.kind).toBe('call');
    expect(expr?.kind === 'call' && evaluate(expr.args[0])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem'],
          Resource: ['${aws_dynamodb_table.t.arn}', '${aws_dynamodb_table.t.arn}/index/*'],
          Sid: 15,
          Ok: true,
          No: null,
        },
      ],
    });
  });

  test('a string that is more than one interpolation has no sole expression', () => {
    expect(soleInterpolation('${var.a}-${var.b}')).toBeUndefined();
    expect(soleInterpolation('plain')).toBeUndefined();
  });
});
