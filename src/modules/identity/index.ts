/** The identity module's public API: what other modules, workflows, queries and routes may use. */
export { users } from './schema.js';
export { displayNames, grantOperator, importAccountSince, endSession, findOrCreateUser, nameIfUnnamed, maskName, maskPhone, normalizePhone, ownProfile, requestLoginCode, setOperator, updateProfile, userForSession, verifyLoginCode, withoutPhones } from './service.js';
export type { SessionUser } from './service.js';
export { LogSmsProvider } from './sms.js';
export type { SmsProvider } from './sms.js';
export { SessionCache } from './session-cache.js';
