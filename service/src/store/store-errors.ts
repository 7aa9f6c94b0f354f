/**
 * Raised for any store failure other than a failed condition: network, throttling, a missing table,
 * credentials. None is caused by the client's input (that is validated before the store is called),
 * so the API answers 503 and logs the cause.
 */
export class StoreUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(
      `DynamoDB ${operation} failed: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'StoreUnavailableError';
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs one store call; a failed condition is returned as `false`, anything else is a StoreUnavailableError. */
export async function conditional(operation: string, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw new StoreUnavailableError(operation, error);
  }
}

export async function unconditional<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StoreUnavailableError(operation, error);
  }
}
