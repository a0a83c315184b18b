import { expect } from 'vitest';
import { GatewayError } from '../../../../src/errors/gateway-error.js';

/** Awaits a rejection and returns it as a GatewayError with the expected code. */
export async function expectGatewayError(promise: Promise<unknown>, code: string): Promise<GatewayError> {
  const error: unknown = await promise.then(
    () => new Error(`expected a ${code} rejection, got a value`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect((error as GatewayError).code).toBe(code);
  return error as GatewayError;
}
