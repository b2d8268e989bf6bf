import { errorCatalog, type ErrorCode } from '../../shared/errors';

/**
 * A failure the caller can understand and act on. Route code throws these; the handler wrapper
 * maps them to the status and Chinese message of shared/errors in one place.
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message ?? errorCatalog[code].message);
    this.status = errorCatalog[code].status;
  }
}

export const notFound = (message?: string) => new DomainError('not_found', message);
export const conflict = (message?: string) => new DomainError('conflict', message);
export const forbidden = (message?: string) => new DomainError('forbidden', message);
export const unauthorized = (message?: string) => new DomainError('unauthorized', message);
export const gone = (message?: string) => new DomainError('gone', message);
export const tooManyRequests = (message?: string) => new DomainError('too_many_requests', message);
