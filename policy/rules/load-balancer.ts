import { at, blocks, firstBlock, isFalse, isTrue, nonEmptyString, strings } from '../../lib/terraform-json/attributes';
import type { Block, StackModel } from '../model/stack';
import { type Rule, laxer, ruleFor, stricter, upstream } from '../rule';
import { ORIGIN_VERIFY_HEADER } from '../../service/src/contract';

const LOAD_BALANCERS = ['aws_lb', 'aws_alb'];
/** Classic load balancers: this platform has none, but one settings rule reads them as Checkov does. */
const CLASSIC_LOAD_BALANCER = 'aws_elb';
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group'];
const ENCRYPTED_PROTOCOLS = ['HTTPS', 'TLS'];
const NETWORK_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP'];
/** ELB policies that refuse TLS 1.0/1.1: the TLS13-*, TLS-1-2-* and FS-1-2-* families. */
const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)/;
const FORBIDDEN = '403';
const HTTP_TARGET_PROTOCOLS = ['HTTP', 'HTTPS'];

/** Listener types Checkov's CKV_AWS_2 and CKV_AWS_103 read; this checker reads the aws_alb_listener alias too. */
const ALIAS_LISTENERS = stricter('aws_alb_listener, the alias of aws_lb_listener, is read too');

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
    [
      upstream('CKV_AWS_2', 'Ensure ALB protocol is HTTPS', ALIAS_LISTENERS),
      upstream(
        'CKV2_AWS_20',
        'Ensure that ALB redirects HTTP requests into HTTPS ones',
        stricter('an HTTP listener on any port must redirect, not only one on port 80'),
        laxer(
          'a redirect to HTTPS on a port other than 443 counts; Checkov wants port 443 (the finding is reported at the listener, not the load balancer)',
        ),
      ),
    ],
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
    [
      upstream(
        'CKV_AWS_103',
        'Ensure that load balancer is using TLS 1.2',
        ALIAS_LISTENERS,
        laxer(
          'the TLS13-1-2 and TLS13-1-3 policy families pass: they refuse TLS 1.0 and 1.1 like the FS-1-2 and TLS-1-2 families Checkov accepts, and are newer than its list',
        ),
        laxer('a plain HTTP listener passes here: it is CKV_AWS_2’s finding, not a TLS policy’s'),
      ),
      upstream(
        'CKV2_AWS_74',
        'Ensure AWS Load Balancers use strong ciphers',
        stricter(
          'an allow-list of TLS 1.2+ policy families instead of Checkov’s deny-list of nine old policies, which lets TLS13-1-0 and TLS13-1-1 through',
        ),
        laxer('HTTP, TCP and UDP listeners, which take no ssl_policy, pass; Checkov wants one on every listener'),
      ),
    ],
  ),
  lbRule(
    'CKV_AWS_131',
    'Application load balancers drop invalid header fields.',
    LOAD_BALANCERS,
    (lb) =>
      isApplication(lb) && !isTrue(lb.body.drop_invalid_header_fields)
        ? 'drop_invalid_header_fields is not true'
        : undefined,
    [
      upstream(
        'CKV_AWS_131',
        'Ensure that ALB drops HTTP headers',
        laxer(
          'gateway load balancers pass as network ones do: the attribute applies to application load balancers only',
        ),
      ),
    ],
  ),
  lbRule(
    'CKV_AWS_328',
    'Load balancers use desync mitigation mode defensive (the default) or strictest.',
    [...LOAD_BALANCERS, CLASSIC_LOAD_BALANCER],
    (lb) => {
      const mode = lb.body.desync_mitigation_mode;
      return mode !== undefined && !['defensive', 'strictest'].includes(String(mode))
        ? `desync_mitigation_mode is ${mode}`
        : undefined;
    },
    [upstream('CKV_AWS_328', 'Ensure that ALB is configured with defensive or strictest desync mitigation mode')],
  ),
  lbRule(
    'CKV_AWS_150',
    'In production, load balancers have deletion protection.',
    LOAD_BALANCERS,
    (lb, stack) =>
      stack.production && !isTrue(lb.body.enable_deletion_protection)
        ? 'enable_deletion_protection is not true in a production stack'
        : undefined,
    [
      upstream(
        'CKV_AWS_150',
        'Ensure that Load Balancer has deletion protection enabled',
        laxer(
          'production stacks only: a development environment is torn down by design, and protection there would only make that a two-step change',
        ),
      ),
    ],
  ),
  lbRule(
    'CKV_AWS_91',
    'Load balancers write access logs: access_logs with a bucket and enabled true (the provider default is false).',
    LOAD_BALANCERS,
    (lb) => {
      const logs = firstBlock(lb.body.access_logs);
      if (!logs) return 'no access_logs block';
      const problems = [
        ...(isTrue(logs.enabled) ? [] : [`access_logs.enabled is ${JSON.stringify(logs.enabled ?? 'unset (false)')}`]),
        ...(nonEmptyString(logs.bucket) ? [] : ['access_logs names no bucket']),
      ];
      return problems.length ? problems.join('; ') : undefined;
    },
    [upstream('CKV_AWS_91', 'Ensure the ELBv2 (Application/Network) has access logging enabled')],
  ),
  lbRule(
    'CUSTOM_LB_INTERNAL',
    'The load balancer is internal: it sits behind the API Gateway VPC link and takes no traffic from the internet.',
    LOAD_BALANCERS,
    (lb) => (isTrue(lb.body.internal) ? undefined : 'internal is not true'),
  ),
  lbRule(
    'CKV_AWS_261',
    'HTTP and HTTPS target groups have a health check with a path; no target group disables its health check.',
    TARGET_GROUPS,
    (group) => {
      const check = firstBlock(group.body.health_check);
      if (check && isFalse(check.enabled)) return 'health_check.enabled is false';
      const protocol = String(group.body.protocol ?? '').toUpperCase();
      if (!HTTP_TARGET_PROTOCOLS.includes(protocol)) return undefined;
      return check && nonEmptyString(check.path) ? undefined : `${protocol} target group has no health_check path`;
    },
    [
      upstream(
        'CKV_AWS_261',
        'Ensure HTTP HTTPS Target group defines Healthcheck',
        stricter(
          'a target group of any protocol fails when health_check.enabled is false (traffic would go to dead targets)',
        ),
      ),
    ],
  ),
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
