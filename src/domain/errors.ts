/**
 * Coded errors. `code` goes to the log with a correlation id; `userMessageKey` names a text in
 * `cards/messages.json` that the person is shown. Neither ever carries what a pupil wrote.
 */
export type ErrorCode =
  | 'not-allowed'
  | 'not-found'
  | 'bad-input'
  | 'unknown-person'
  | 'conflict'
  | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A key into the pupil-safe message texts, never free text. */
    readonly userMessageKey: string,
    /** Whether the error is worth an alert (a bug or an outage) rather than a person's mistake. */
    readonly reportable = false,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const notAllowed = () => new DomainError('not-allowed', 'error.notAllowed');
export const notFound = () => new DomainError('not-found', 'error.notFound');
export const badInput = (userMessageKey = 'error.badInput') => new DomainError('bad-input', userMessageKey);
