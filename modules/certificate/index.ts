import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface DnsValidatedCertificateProps {
  /** The name the certificate is issued for. */
  readonly domainName: string;
  /**
   * Extra names on the certificate.
   * @default none
   */
  readonly subjectAlternativeNames?: string[];
  /** Public hosted zone that proves ownership of every name. */
  readonly hostedZoneId: string;
  /**
   * Provider (and so Region) the certificate lives in. CloudFront certificates must use a us-east-1 provider.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate proven through Route 53 DNS records, so ACM renews it on its own. Dependents use
 * `certificateArn`, which is only known once validation succeeded, so nothing attaches an unissued certificate.
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  /** ARN of the issued certificate (from the validation resource: waits for issuance). */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // CKV_AWS_234: certificate transparency logging stays on (browsers distrust unlogged certificates).
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      // CKV_AWS_233: a replacement is issued before the old one goes, so listeners never lose their certificate.
      lifecycle: { createBeforeDestroy: true },
      provider: props.provider,
    });
    const validationOptions = TerraformIterator.fromComplexList(
      this.certificate.domainValidationOptions,
      'domain_name',
    );
    // Route 53 lives in the default provider's account; records are global, so no alias is needed here.
    const records = new Route53Record(this, 'validation-record', {
      forEach: validationOptions,
      zoneId: props.hostedZoneId,
      name: validationOptions.getString('resource_record_name'),
      type: validationOptions.getString('resource_record_type'),
      records: [validationOptions.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for record in ${records.fqn} : record.fqdn]}`),
      provider: props.provider,
    });
    this.certificateArn = validation.certificateArn;
  }
}
