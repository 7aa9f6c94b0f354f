/**
 * Raised for any store failure other than a failed condition: network, throttling, a missing table,
 * credentials, a call past its deadline. None is caused by the client's input (that is validated before the
 * store is called), so the API answers 503 and logs the cause.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(
      `DynamoDB ${operation} failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      { cause },
    );
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An item in the table that this service could not have written: a console edit, a migration or another
 * writer put it there. It is refused before any of its values reaches a response (500, logged with the key).
 */
export class StoredItemInvalidError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`stored item '${key}' is invalid: ${reason}`);
    this.name = 'StoredItemInvalidError';
  }
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
