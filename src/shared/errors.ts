import { translate, type Locale } from './i18n.js';

/**
 * The one error type of the domain. `code` is stable (clients and tests match on it); the
 * message is looked up in the catalogue for the caller's locale when the error is answered.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
  message_(locale: Locale): string {
    return translate(locale, `errors.${this.code}`, this.params);
  }
}

export const badRequest = (code: string, params?: Record<string, string | number>) => new AppError(code, 400, params);
export const unauthorized = (code = 'auth.required') => new AppError(code, 401);
export const forbidden = (code = 'auth.forbidden') => new AppError(code, 403);
export const notFound = (code: string) => new AppError(code, 404);
export const conflict = (code: string, params?: Record<string, string | number>) => new AppError(code, 409, params);
export const tooMany = (code: string, params?: Record<string, string | number>) => new AppError(code, 429, params);
