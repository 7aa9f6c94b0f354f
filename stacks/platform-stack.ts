import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { dependable, S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig, StateBackendConfig } from '../config/types';
import { validateEnvironment } from '../config/validate';
import { DnsValidatedCertificate } from '../modules/certificate';
import { HttpApi } from '../modules/api';
import { ContainerService, TASK_AWS_APIS } from '../modules/container-service';
import { Data } from '../modules/data';
import { Edge } from '../modules/edge';
import { ImageRepository } from '../modules/image-repository';
import { CLOUDFRONT_REGION } from '../lib/cloudfront';
import { LoadBalancer } from '../modules/load-balancer';
import { Network } from '../modules/network';
import { Observability, RELEASE_ALARM_KEYS, releaseAlarmNames } from '../modules/observability';
import { OriginSecret } from '../modules/shared/origin-secret';
import { LINKS_TABLE } from '../service/src/table-schema';
import { IMAGE_TAG_VARIABLE, platformNamePrefix, platformStateKey } from './names';
import { moveFromPreviousAddresses } from './previous-addresses';
import { defaultTags } from './tags';
import { REQUIRED_TERRAFORM_VERSION } from '../lib/terraform-version';

/** Alias of the provider for what CloudFront reads only from us-east-1 (its certificate and web ACL). */
export const US_EAST_1_ALIAS = 'us_east_1';

export interface PlatformStackProps {
  readonly environment: EnvironmentConfig;
  readonly stateBackend: StateBackendConfig;
}

/**
 * One environment in one Terraform state: network, data, service, api and edge tiers plan and apply
 * together, so no tier reads another through remote state and a fresh environment plans offline.
 */
export class PlatformStack extends TerraformStack {
  readonly provider: AwsProvider;
  /** For CloudFront's certificate, web ACL and their logs only: CloudFront reads them from us-east-1. */
  readonly usEast1Provider: AwsProvider;
  readonly network: Network;
  readonly originSecret: OriginSecret;
  readonly data: Data;
  readonly imageRepository: ImageRepository;
  readonly regionalCertificate: DnsValidatedCertificate;
  readonly loadBalancer: LoadBalancer;
  readonly containerService: ContainerService;
  readonly api: HttpApi;
  readonly edge: Edge;
  /** Alarm topics, alarms and the dashboard of the environment. */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const env = props.environment;
    validateEnvironment(env);
    // Read by tooling: the policy checker's production-only rules (deletion protection, min capacity) key on it, and
    // `npm run cost` prices the traffic profile beside idle.
    this.addOverride('//.environment', { name: env.name, production: env.production, traffic: env.traffic });

    new S3Backend(this, {
      bucket: props.stateBackend.bucket,
      key: platformStateKey(id),
      region: props.stateBackend.region,
      encrypt: true,
    });
    // S3-native locking (Terraform 1.10+); cdktf 0.21 has no typed field for it.
    this.addOverride('terraform.backend.s3.use_lockfile', true);

    // The state bucket may live in another account: reach it through its own role when one is configured.
    if (props.stateBackend.assumeRoleArn) {
      this.addOverride('terraform.backend.s3.assume_role', { role_arn: props.stateBackend.assumeRoleArn });
    }

    // Prefix of every resource name in this environment.
    const name = platformNamePrefix(env.name);
    const tags = defaultTags(env.name, env.tags);
    // Both providers refuse any account but the environment's, the us-east-1 alias included.
    const account = {
      allowedAccountIds: [env.accountId],
      assumeRole: env.assumeRoleArn
        ? [{ roleArn: env.assumeRoleArn, sessionName: `shortlinks-${env.name}` }]
        : undefined,
      defaultTags: [{ tags }],
    };
    this.provider = new AwsProvider(this, 'aws', { region: env.region, ...account });
    this.usEast1Provider = new AwsProvider(this, 'aws-us-east-1', {
      alias: US_EAST_1_ALIAS,
      region: CLOUDFRONT_REGION,
      ...account,
    });

    this.network = new Network(this, 'network', {
      name,
      cidr: env.network.vpcCidr,
      availabilityZones: env.network.availabilityZones,
      natMode: env.network.natMode,
      interfaceEndpoints: env.network.interfaceEndpoints,
      interfaceEndpointAzCount: env.network.interfaceEndpointAzCount,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      region: env.region,
      accountId: env.accountId,
    });
    // Synth fails if a network without NAT lacks an endpoint the tasks need to pull their image or ship logs.
    this.network.requireEndpoints(TASK_AWS_APIS, 'the service tasks');

    this.data = new Data(this, 'data', {
      name,
      tableSchema: LINKS_TABLE,
      deletionProtection: env.production,
    });

    this.imageRepository = new ImageRepository(this, 'image-repository', { name });

    this.originSecret = new OriginSecret(this, 'origin-secret', env.originSecretRotation);

    // One regional certificate serves API Gateway's custom domain and the internal ALB (whose name API Gateway
    // verifies through the VPC link): the origin name.
    this.regionalCertificate = new DnsValidatedCertificate(this, 'regional-certificate', {
      domainName: env.dns.originDomain,
      hostedZoneId: env.dns.hostedZoneId,
    });

    this.loadBalancer = new LoadBalancer(this, 'load-balancer', {
      name,
      vpcId: this.network.vpc.id,
      subnetIds: this.network.privateSubnetIds,
      availabilityZones: this.network.availabilityZones,
      certificateArn: this.regionalCertificate.certificateArn,
      originVerifySecret: this.originSecret.value,
      previousOriginVerifySecrets: this.originSecret.previousValues,
      region: env.region,
      accountId: env.accountId,
      deletionProtection: env.production,
      accessLogRetentionDays: env.service.logRetentionDays,
    });
    // No default: every plan names the release it deploys (CI passes the commit SHA). Without a value Terraform
    // stops with "No value for required variable", and the description says how to pass one.
    const imageTag = new TerraformVariable(this, IMAGE_TAG_VARIABLE, {
      type: 'string',
      nullable: false,
      description:
        'Tag of the service image in the ECR repository to run (CI: the commit SHA). Pass it as ' +
        'TF_VAR_image_tag=<tag> or -var image_tag=<tag> (cdktf deploy --var image_tag=<tag>).',
      validation: [
        {
          condition: `\${can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.${IMAGE_TAG_VARIABLE}))}`,
          errorMessage:
            'image_tag must be an image tag (letters, digits, _ . -, up to 128, e.g. the commit SHA); pass TF_VAR_image_tag=<tag> or -var image_tag=<tag>.',
        },
      ],
    });
    this.containerService = new ContainerService(this, 'service', {
      name,
      region: env.region,
      accountId: env.accountId,
      vpcId: this.network.vpc.id,
      subnetIds: this.network.privateSubnetIds,
      availabilityZones: this.network.availabilityZones,
      target: this.loadBalancer.target,
      image: {
        repositoryUrl: this.imageRepository.repositoryUrl,
        repositoryArn: this.imageRepository.repositoryArn,
        tag: imageTag.stringValue,
      },
      table: { name: this.data.table.name, resourceArns: this.data.tableResourceArns },
      publicBaseUrl: `https://${env.dns.appDomain}`,
      ownHostnames: [env.dns.originDomain],
      redirectStatus: env.service.redirectStatus,
      task: {
        cpu: env.service.cpu,
        memory: env.service.memory,
        cpuArchitecture: env.service.cpuArchitecture,
        capacityProvider: env.service.capacityProvider,
      },
      scaling: {
        desiredCount: env.service.desiredCount,
        minCapacity: env.service.minCapacity,
        maxCapacity: env.service.maxCapacity,
        cpuTargetPercent: env.service.cpuTargetPercent,
        memoryTargetPercent: env.service.memoryTargetPercent,
      },
      production: env.production,
      containerInsights: env.service.containerInsights,
      logRetentionDays: env.service.logRetentionDays,
      // Names, not references: the alarms read the load balancer this service registers with.
      deploymentAlarmNames: releaseAlarmNames(name),
    });

    this.api = new HttpApi(this, 'api', {
      name,
      vpcId: this.network.vpc.id,
      subnetIds: this.network.privateSubnetIds,
      listener: this.loadBalancer.listenerEndpoint,
      domainName: env.dns.originDomain,
      certificateArn: this.regionalCertificate.certificateArn,
      hostedZoneId: env.dns.hostedZoneId,
      throttle: { burstLimit: env.api.throttleBurstLimit, rateLimit: env.api.throttleRateLimit },
      accessLogRetentionDays: env.service.logRetentionDays,
      jwt: env.api.jwt,
    });

    this.edge = new Edge(this, 'edge', {
      name,
      appDomain: env.dns.appDomain,
      hostedZoneId: env.dns.hostedZoneId,
      originDomain: env.dns.originDomain,
      originVerifySecret: this.originSecret.value,
      usEast1Provider: this.usEast1Provider,
      homeRegion: env.region,
      accountId: env.accountId,
      wafRateLimit: env.edge.wafRateLimit,
      priceClass: env.edge.priceClass,
      logRetentionDays: env.edge.logRetentionDays,
      wafLoggedRequests: env.edge.wafLoggedRequests,
    });
    // A rotation changes the ALB rule in seconds and CloudFront over minutes: the rule must accept the new value
    // before any edge location sends it.
    const distribution = this.edge.distribution.distribution;
    distribution.dependsOn = [...(distribution.dependsOn ?? []), dependable(this.loadBalancer.listenerRule)];

    this.observability = new Observability(this, 'observability', {
      name,
      accountId: env.accountId,
      region: env.region,
      edgeProvider: this.usEast1Provider,
      regional: {
        loadBalancerArnSuffix: this.loadBalancer.alb.arnSuffix,
        targetGroupArnSuffix: this.loadBalancer.targetGroup.arnSuffix,
        clusterName: this.containerService.cluster.name,
        serviceName: this.containerService.service.name,
        serviceLogGroupName: this.containerService.logGroup.name,
        minimumTasks: env.service.minCapacity,
        containerInsights: this.containerService.containerInsights,
        tableName: this.data.table.name,
        tableOperations: this.containerService.tableOperations,
        apiId: this.api.api.id,
        apiStage: this.api.stage.name,
      },
      edge: {
        distributionId: this.edge.distribution.distribution.id,
        webAclMetricName: this.edge.webAcl.webAcl.visibilityConfig.metricName,
      },
      emailAddresses: env.operations.alarmEmails,
      alarmOverrides: env.operations.alarmOverrides,
    });
    // The first deployment is already judged by the release alarms: they exist before the service does.
    const service = this.containerService.service;
    service.dependsOn = [
      ...(service.dependsOn ?? []),
      ...RELEASE_ALARM_KEYS.map((key) => dependable(this.observability.alarms[key])),
    ];

    new TerraformOutput(this, 'app_url', {
      value: `https://${env.dns.appDomain}`,
      description: 'Public URL of the service, served by CloudFront',
    });
    new TerraformOutput(this, 'ecr_repository_url', {
      value: this.imageRepository.repositoryUrl,
      description: 'Repository to push service images to (tags are immutable)',
    });
    new TerraformOutput(this, 'table_name', {
      value: this.data.table.name,
      description: 'DynamoDB table of the links',
    });
    new TerraformOutput(this, 'alarm_topic_arns', {
      value: { home: this.observability.topic.topicArn, edge: this.observability.edgeTopic.topicArn },
      description: 'SNS topics the alarms notify: home Region, and us-east-1 for CloudFront and WAF alarms',
    });
    new TerraformOutput(this, 'alarm_names', {
      value: this.observability.alarmNames,
      description: 'Every CloudWatch alarm of the environment',
    });
    new TerraformOutput(this, 'dashboard_name', {
      value: this.observability.dashboard.dashboardName,
      description: 'CloudWatch dashboard with the golden signals of every tier',
    });
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id, description: 'VPC of the environment' });

    moveFromPreviousAddresses(this);
  }
}
