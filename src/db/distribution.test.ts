import { describe, expect, it } from 'vitest';
import { pgTable, uuid, text, uniqueIndex, foreignKey } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';
import { distributed, knownViolations, local, reference, tableShapes, violations } from './distribution.js';

/**
 * The Citus ratchet (docs/scale-out.md, issue #17 item 4): every table is placed, and a distributed
 * table's primary key, unique indexes and foreign keys to other distributed tables carry community_id
 * — except the breaks listed in knownViolations, which the key migrations remove one by one.
 */
const shapes = tableShapes(schema);
const names = shapes.map((t) => t.name);

describe('distribution by community_id', () => {
  it('places every table in exactly one class, and only tables that exist', () => {
    const placed = [...distributed, ...reference, ...local] as string[];
    expect(placed.filter((t, i) => placed.indexOf(t) !== i)).toEqual([]);
    expect(placed.filter((t) => !names.includes(t))).toEqual([]);
    expect(names.filter((t) => !placed.includes(t)).map((t) => `${t}: not classified`)).toEqual([]);
  });

  it('adds no new break of the key rules (a table, key or foreign key without community_id)', () => {
    const known = new Set(Object.keys(knownViolations));
    expect(violations(shapes).filter((v) => !known.has(v))).toEqual([]);
  });

  it('keeps knownViolations exact: a break that was fixed leaves the list', () => {
    const found = new Set(violations(shapes));
    expect(Object.keys(knownViolations).filter((v) => !found.has(v))).toEqual([]);
    for (const [v, reason] of Object.entries(knownViolations)) expect(reason.trim(), v).not.toBe('');
  });

  it('the rules catch each kind of break (on made-up tables, so the check itself can fail)', () => {
    const orders = pgTable('orders', { id: uuid('id').primaryKey(), communityId: uuid('community_id').notNull(), userId: uuid('user_id').notNull(), key: text('key').notNull() },
      (t) => [uniqueIndex('orders_key').on(t.userId, t.key)]);
    const orderLines = pgTable('order_lines', { communityId: uuid('community_id'), orderId: uuid('order_id').notNull() },
      (t) => [foreignKey({ columns: [t.orderId], foreignColumns: [orders.id] })]);
    const claimActions = pgTable('claim_actions', { id: uuid('id').notNull(), claimId: uuid('claim_id').notNull() });
    const products = pgTable('products', { id: uuid('id').primaryKey(), orderId: uuid('order_id').references(() => orders.id) });
    const somethingNew = pgTable('something_new', { id: uuid('id').primaryKey() });
    expect(violations(tableShapes({ orders, orderLines, claimActions, products, somethingNew }))).toEqual([
      'claim_actions: no community_id',
      'order_lines: community_id nullable',
      'order_lines: foreign key (order_id) -> orders(id)',
      'orders: primary key (id)',
      'orders: unique orders_key (user_id, key)',
      'products: foreign key (order_id) -> orders(id)',
      'something_new: not classified',
    ]);
    const fixed = pgTable('orders', { communityId: uuid('community_id').notNull(), id: uuid('id').notNull(), userId: uuid('user_id').notNull() },
      (t) => [uniqueIndex('orders_pk').on(t.communityId, t.id), uniqueIndex('orders_key').on(t.communityId, t.userId)]);
    expect(violations(tableShapes({ fixed }))).toEqual([]);
  });
});
