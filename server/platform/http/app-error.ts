import { errorCodes, type ErrorCode, type Locale } from '../../../contracts/errors.js';

export interface FieldError {
  path: string;
  code: string;
  /** message already in the user's language, or undefined to use the code's text */
  message?: string;
  /** the message in each language, when it depends on the case (the user's language is picked) */
  messages?: Record<Locale, string>;
}

/** The one error type business code throws; mapped to problem+json in one place. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldError[],
    readonly detailParams?: Record<string, string | number>,
  ) {
    super(code);
    this.status = errorCodes[code].status;
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
export const versionConflict = () => new AppError('VERSION_CONFLICT');
