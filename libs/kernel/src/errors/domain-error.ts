/**
 * Errors are values: a stable code, a human message, and the offending field
 * when there is one. They are mapped once to HTTP (see `httpStatusOf`) and to
 * dead-letter reasons, never thrown as bare strings.
 */
export type ErrorKind =
  | 'validation' // the input is malformed: 400
  | 'not_found' // the thing addressed does not exist: 404
  | 'conflict' // the input is well formed but clashes with recorded state: 409
  | 'rule_violation' // a business rule refuses it: 422
  | 'unavailable' // a dependency is down; try again later: 503
  | 'unauthenticated' // no credentials, or credentials that do not verify: 401
  | 'forbidden'; // authenticated, but the role may not do this: 403

export interface DomainError {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function domainError(
  kind: ErrorKind,
  code: string,
  message: string,
  extra: { field?: string; details?: Record<string, unknown> } = {},
): DomainError {
  return { kind, code, message, ...extra };
}

const STATUS: Record<ErrorKind, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
};

export function httpStatusOf(error: DomainError): number {
  return STATUS[error.kind];
}

/** Carries a DomainError through code that can only throw (Nest handlers, adapters). */
export class DomainException extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = `DomainException(${error.code})`;
  }
}

export function isDomainException(value: unknown): value is DomainException {
  return value instanceof DomainException;
}

/** A decision either succeeds with a value or fails with a DomainError. */
export type Result<T, E extends DomainError = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E extends DomainError>(error: E): Result<never, E> => ({ ok: false, error });
