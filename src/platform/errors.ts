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
    /** Structured facts a client acts on (e.g. which basket lines are short), beside the message's params. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
  message_(locale: Locale): string {
    // Rule parse errors carry the parser's own words ("unexpected and"); say them in the reader's language.
    const params = this.code.endsWith('.syntax') && typeof this.params.detail === 'string' ? { ...this.params, detail: ruleDetail(this.params.detail, locale) } : this.params;
    return translate(locale, `errors.${this.code}`, params);
  }
}

const RULE_DETAILS: [RegExp, string][] = [
  [/^unexpected end$/, 'unexpected_end'], [/^unexpected character (.+)$/, 'unexpected_char'], [/^unexpected (.+)$/, 'unexpected'],
  [/^expected (.+)$/, 'expected'], [/^unterminated string$/, 'unterminated_string'], [/^bad number (.+)$/, 'bad_number'],
  [/^too long$/, 'too_long'], [/^empty$/, 'empty'],
];

function ruleDetail(detail: string, locale: Locale): string {
  for (const [re, key] of RULE_DETAILS) {
    const m = re.exec(detail);
    if (m) return translate(locale, `ruleErrors.${key}`, { token: m[1] ?? '' });
  }
  return detail;
}

export const badRequest = (code: string, params?: Record<string, string | number>) => new AppError(code, 400, params);
export const unauthorized = (code = 'auth.required') => new AppError(code, 401);
export const forbidden = (code = 'auth.forbidden') => new AppError(code, 403);
export const notFound = (code: string) => new AppError(code, 404);
export const conflict = (code: string, params?: Record<string, string | number>) => new AppError(code, 409, params);
export const tooMany = (code: string, params?: Record<string, string | number>) => new AppError(code, 429, params);
