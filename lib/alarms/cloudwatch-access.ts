/** The service principal that publishes alarm state changes to SNS. */
export const CLOUDWATCH_PRINCIPAL = 'cloudwatch.amazonaws.com';

/**
 * What a publisher to a KMS-encrypted topic needs on the topic's key: SNS asks KMS for a data key on the caller's
 * behalf. Without both, CloudWatch alarms change state but their notifications are dropped, with no error anywhere.
 */
export const TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];
