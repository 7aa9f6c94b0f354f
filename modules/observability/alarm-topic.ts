import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { isEmailAddress } from '../../lib/email-address';
import { checkIntegerRange, invalidProp } from '../shared/validations';
import { CLOUDWATCH_PRINCIPAL, TOPIC_KEY_ACTIONS } from '../../lib/alarms/cloudwatch-access';

export interface AlarmTopicProps {
  /** Name of the topic and its key alias, e.g. `shortlinks-prod-alarms`. */
  readonly name: string;
  /** The account the alarms belong to: the key's administrator and the only source CloudWatch may publish for. */
  readonly accountId: string;
  /** Region of `provider`: the key policy and topic policy accept alarms of this Region only. */
  readonly region: string;
  /**
   * Alarms allowed to publish, as a name prefix: the policies match `arn:aws:cloudwatch:<region>:<account>:alarm:<prefix>*`,
   * so another team's alarms in the account cannot use this topic.
   */
  readonly alarmNamePrefix: string;
  /**
   * Addresses that receive every alarm and recovery by e-mail. Each must confirm the subscription from the e-mail
   * AWS sends before anything is delivered.
   * @default [] (no subscription: the topic still records every alarm, and other subscribers can be added outside)
   */
  readonly emailAddresses?: readonly string[];
  /**
   * Days a deleted key waits before KMS destroys it (7 to 30): the window to cancel a mistaken deletion.
   * @default 30, the longest, since an alarm topic's key is cheap to keep and a lost key silences the alarms.
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Provider, and so Region, of the key and topic. Alarm actions must name a topic in the alarm's own Region.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An SNS topic for CloudWatch alarms, encrypted with its own customer-managed KMS key. The AWS-managed
 * `alias/aws/sns` key cannot be used: its policy cannot be changed to let CloudWatch encrypt, so alarms would fail
 * to publish without an error anywhere. Both the key policy and the topic policy let CloudWatch in only for this
 * account's alarms with the given name prefix, and the topic refuses publishing without TLS.
 */
export class AlarmTopic extends Construct {
  /** The topic's customer-managed key, with rotation on. */
  readonly key: KmsKey;
  /** The topic alarms notify. */
  readonly topic: SnsTopic;
  /** One e-mail subscription per configured address. */
  readonly subscriptions: SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const provider = props.provider;
    const emails = props.emailAddresses ?? [];
    const badEmails = emails.filter((email) => !isEmailAddress(email));
    if (badEmails.length > 0) invalidProp(this, 'emailAddresses', `not an e-mail address: ${badEmails.join(', ')}`);
    const deletionWindow = props.keyDeletionWindowDays ?? 30;
    checkIntegerRange(this, 'keyDeletionWindowDays', deletionWindow, 7, 30);
    const alarmSources = `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${props.alarmNamePrefix}*`;
    const fromOurAlarms = [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
      { test: 'ArnLike', variable: 'aws:SourceArn', values: [alarmSources] },
    ];

    const keyPolicy = new DataAwsIamPolicyDocument(this, 'key-policy', {
      statement: [
        {
          // Without it nobody could manage or delete the key; IAM policies in the account then decide who may.
          sid: 'AccountAdministersKey',
          actions: ['kms:*'],
          resources: ['*'],
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${props.accountId}:root`] }],
        },
        {
          sid: 'CloudWatchAlarmsEncrypt',
          actions: TOPIC_KEY_ACTIONS,
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: [CLOUDWATCH_PRINCIPAL] }],
          condition: fromOurAlarms,
        },
      ],
      provider,
    });
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the alarm topic ${props.name}; CloudWatch alarms of ${props.alarmNamePrefix}* may use it`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: keyPolicy.json,
      provider,
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${props.name}`, targetKeyId: this.key.keyId, provider });

    this.topic = new SnsTopic(this, 'topic', {
      name: props.name,
      displayName: props.name,
      kmsMasterKeyId: this.key.arn,
      provider,
    });

    const topicPolicy = new DataAwsIamPolicyDocument(this, 'topic-policy', {
      statement: [
        {
          sid: 'CloudWatchAlarmsPublish',
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          principals: [{ type: 'Service', identifiers: [CLOUDWATCH_PRINCIPAL] }],
          condition: fromOurAlarms,
        },
        {
          sid: 'DenyPublishWithoutTls',
          effect: 'Deny',
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
      provider,
    });
    new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: topicPolicy.json, provider });

    this.subscriptions = emails.map(
      (email) =>
        new SnsTopicSubscription(this, `email-${email}`, {
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: email,
          provider,
        }),
    );
  }

  /** The topic's ARN: what alarm and OK actions name. */
  get topicArn(): string {
    return this.topic.arn;
  }
}
