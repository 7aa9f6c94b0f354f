/**
 * A plausible e-mail address: something@host.tld, no spaces. SNS accepts any string as an e-mail endpoint and
 * only fails to deliver, so config and modules check the shape before a subscription is made.
 */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
