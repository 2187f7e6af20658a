export * from '../modules/identity/schema.js';
export * from '../modules/community/schema.js';
export * from '../modules/catalog/schema.js';
export * from '../modules/groupbuy/schema.js';
export * from '../modules/orders/schema.js';
export * from '../modules/payments/schema.js';
export * from '../modules/events/schema.js';
