import { at, blocks, firstBlock, isFalse, isTrue, nonEmptyString, strings } from '../../lib/terraform-json/attributes';
import type { Block, StackModel } from '../model/stack';
import { type Rule, ruleFor } from '../rule';
import { ORIGIN_VERIFY_HEADER } from '../../service/src/contract';

const LOAD_BALANCERS = ['aws_lb', 'aws_alb'];
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group'];
const ENCRYPTED_PROTOCOLS = ['HTTPS', 'TLS'];
const NETWORK_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP'];
/** ELB policies that refuse TLS 1.0/1.1: the TLS13-*, TLS-1-2-* and FS-1-2-* families. */
const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)/;
const FORBIDDEN = '403';

function isApplication(lb: Block): boolean {
  return lb.body.load_balancer_type === undefined || lb.body.load_balancer_type === 'application';
}

function listenerProtocol(listener: Block): string {
  return String(listener.body.protocol ?? 'HTTP').toUpperCase();
}

function redirectsToHttps(listener: Block): boolean {
  return blocks(listener.body.default_action).some(
    (action) => action.type === 'redirect' && String(at(action, 'redirect.protocol')).toUpperCase() === 'HTTPS',
  );
}

function originVerifyRules(stack: StackModel, listener: Block): Block[] {
  return stack.referrers(listener, 'listener_arn', ...LISTENER_RULES).filter((rule) =>
    blocks(rule.body.condition).some((condition) => {
      const header = firstBlock(condition.http_header);
      return (
        String(header?.http_header_name).toLowerCase() === ORIGIN_VERIFY_HEADER && strings(header?.values).length > 0
      );
    }),
  );
}

function originVerifyProblem(stack: StackModel, listener: Block): string | undefined {
  const actions = blocks(listener.body.default_action);
  if (actions.length > 0 && actions.every((action) => action.type === 'redirect')) return undefined;
  const forbids = actions.some(
    (action) => action.type === 'fixed-response' && String(at(action, 'fixed_response.status_code')) === FORBIDDEN,
  );
  if (!forbids) return `default action is ${actions.map((a) => a.type).join(', ') || 'missing'}, not a fixed 403`;
  if (originVerifyRules(stack, listener).length === 0) return 'no listener rule requires the X-Origin-Verify header';
  return undefined;
}

const lbRule = ruleFor('load-balancer');

export const loadBalancerRules: Rule[] = [
  lbRule(
    'CKV_AWS_2',
    'Listeners use HTTPS, or HTTP that only redirects to HTTPS.',
    LISTENERS,
    (listener) => {
      const protocol = listenerProtocol(listener);
      if ([...ENCRYPTED_PROTOCOLS, ...NETWORK_PROTOCOLS].includes(protocol) || redirectsToHttps(listener))
        return undefined;
      return `${protocol} listener does not redirect to HTTPS`;
    },
    ['CKV2_AWS_20'],
  ),
  lbRule(
    'CKV_AWS_103',
    'TLS listeners use a TLS 1.2+ ssl_policy (prefer ELBSecurityPolicy-TLS13-1-2-2021-06).',
    LISTENERS,
    (listener) =>
      ENCRYPTED_PROTOCOLS.includes(listenerProtocol(listener)) &&
      !MODERN_TLS_POLICY.test(String(listener.body.ssl_policy ?? ''))
        ? `ssl_policy ${listener.body.ssl_policy ?? '(default ELBSecurityPolicy-2016-08)'} accepts TLS older than 1.2`
        : undefined,
    ['CKV2_AWS_74'],
  ),
  lbRule('CKV_AWS_131', 'Application load balancers drop invalid header fields.', LOAD_BALANCERS, (lb) =>
    isApplication(lb) && !isTrue(lb.body.drop_invalid_header_fields)
      ? 'drop_invalid_header_fields is not true'
      : undefined,
  ),
  lbRule(
    'CKV_AWS_328',
    'Application load balancers use desync mitigation mode defensive (the default) or strictest.',
    LOAD_BALANCERS,
    (lb) => {
      const mode = lb.body.desync_mitigation_mode;
      return isApplication(lb) && mode !== undefined && !['defensive', 'strictest'].includes(String(mode))
        ? `desync_mitigation_mode is ${mode}`
        : undefined;
    },
  ),
  lbRule('CKV_AWS_150', 'In production, load balancers have deletion protection.', LOAD_BALANCERS, (lb, stack) =>
    stack.production && !isTrue(lb.body.enable_deletion_protection)
      ? 'enable_deletion_protection is not true in a production stack'
      : undefined,
  ),
  lbRule('CKV_AWS_91', 'Load balancers write access logs.', LOAD_BALANCERS, (lb) => {
    const logs = firstBlock(lb.body.access_logs);
    return logs && nonEmptyString(logs.bucket) && !isFalse(logs.enabled)
      ? undefined
      : 'access_logs is not enabled with a bucket';
  }),
  lbRule(
    'CKV2_AWS_28',
    'The load balancer is internal: it sits behind the API Gateway VPC link.',
    LOAD_BALANCERS,
    (lb) => (isTrue(lb.body.internal) ? undefined : 'internal is not true'),
  ),
  lbRule('CKV_AWS_261', 'Every target group has an enabled health check.', TARGET_GROUPS, (group) => {
    const check = firstBlock(group.body.health_check);
    return check && !isFalse(check.enabled) ? undefined : 'no enabled health_check';
  }),
  lbRule(
    'CUSTOM_ALB_ORIGIN_VERIFY',
    'ALB listeners answer 403 by default and forward only requests carrying the X-Origin-Verify header.',
    LISTENERS,
    (listener, stack) => {
      const lb = stack.target(listener.body.load_balancer_arn);
      return lb && isApplication(lb) ? originVerifyProblem(stack, listener) : undefined;
    },
  ),
];
