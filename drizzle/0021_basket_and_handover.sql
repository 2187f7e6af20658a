-- One basket, one payment, one hand-over: group buys get items, orders get lines. Every existing
-- group buy becomes a one-item group buy whose item keeps the group buy's id, and every existing
-- order keeps its id and gets one line with the same id, so payments, refunds, claims and events
-- keep pointing at what they pointed at.
--> statement-breakpoint
CREATE TABLE "group_buy_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"group_buy_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"batch_id" uuid,
	"price_fen" integer NOT NULL,
	"stock_total" integer NOT NULL,
	"stock_available" integer NOT NULL,
	"per_person_limit" integer NOT NULL,
	"arrived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_buy_items_stock_nonneg" CHECK (stock_available >= 0 and stock_available <= stock_total)
);
--> statement-breakpoint
CREATE TABLE "basket_items" (
	"user_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "basket_items_quantity_positive" CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"group_buy_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"unit_price_fen" integer NOT NULL,
	"total_fen" integer NOT NULL,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"group_number" integer,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"handover_id" uuid,
	"picked_up_at" timestamp with time zone,
	"picked_up_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_lines_quantity_positive" CHECK (quantity > 0 and refunded_quantity >= 0 and refunded_quantity <= quantity)
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"settle_key" text NOT NULL,
	"leader_id" uuid,
	"amount_fen" integer NOT NULL,
	"commission_fen" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"method" text NOT NULL,
	"pass_id" uuid,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"settle_due_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"disputed_at" timestamp with time zone,
	"dispute_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pickup_passes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"collector" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"handover_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pickup_secrets" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "group_buy_purchases" ADD COLUMN "item_id" uuid;
--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "item_id" uuid;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "item_id" uuid;
--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "line_id" uuid;
--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "not_collected_grace_days" integer DEFAULT 3 NOT NULL;
--> statement-breakpoint
ALTER TABLE "group_buys" ADD COLUMN "last_number" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "group_buys" ADD COLUMN "open_reminder_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "group_buys" ADD COLUMN "end_reminder_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "note" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "settled_fen" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "line_id" uuid;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "quantity_received" integer;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "received_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD COLUMN "received_by" uuid;
--> statement-breakpoint
INSERT INTO "group_buy_items" ("id","community_id","group_buy_id","position","product_id","batch_id","price_fen","stock_total","stock_available","per_person_limit","arrived_at","created_at")
  SELECT "id","community_id","id",1,"product_id","batch_id","price_fen","stock_total","stock_available","per_person_limit","arrived_at","created_at" FROM "group_buys";
--> statement-breakpoint
UPDATE "group_buy_purchases" SET "item_id" = "group_buy_id";
--> statement-breakpoint
UPDATE "stock_movements" SET "item_id" = "group_buy_id";
--> statement-breakpoint
UPDATE "purchase_order_lines" SET "item_id" = "group_buy_id";
--> statement-breakpoint
UPDATE "purchase_order_lines" SET "quantity_received" = "quantity_delivered", "received_at" = "delivered_at" WHERE "quantity_delivered" IS NOT NULL;
--> statement-breakpoint
UPDATE "claims" SET "line_id" = "order_id";
--> statement-breakpoint
UPDATE "refunds" SET "line_id" = "order_id";
--> statement-breakpoint
INSERT INTO "order_lines" ("id","order_id","community_id","group_buy_id","item_id","user_id","quantity","refunded_quantity","unit_price_fen","total_fen","status","group_number","paid_at","cancelled_at","cancel_reason","picked_up_at","picked_up_by","created_at")
  SELECT o."id", o."id", o."community_id", o."group_buy_id", o."group_buy_id", o."user_id", o."quantity", o."refunded_quantity", o."unit_price_fen", o."total_fen", o."status",
    CASE WHEN o."paid_at" IS NOT NULL THEN row_number() OVER (PARTITION BY o."group_buy_id", (o."paid_at" IS NOT NULL) ORDER BY o."paid_at", o."id") END,
    o."paid_at", o."cancelled_at", o."cancel_reason", o."picked_up_at", o."picked_up_by", o."created_at"
  FROM "orders" o;
--> statement-breakpoint
UPDATE "group_buys" gb SET "last_number" = n.m FROM (SELECT "group_buy_id", max("group_number") AS m FROM "order_lines" GROUP BY "group_buy_id") n WHERE n."group_buy_id" = gb."id" AND n.m IS NOT NULL;
--> statement-breakpoint
UPDATE "orders" SET "status" = 'paid' WHERE "status" IN ('confirmed','ready_for_pickup','picked_up','refunded');
--> statement-breakpoint
UPDATE "payments" SET "settled_fen" = "amount_fen" - "refunded_fen" WHERE "status" = 'settled';
--> statement-breakpoint
INSERT INTO "settlements" ("community_id","payment_id","order_id","settle_key","leader_id","amount_fen","commission_fen","reason","created_at")
  SELECT p."community_id", p."id", p."order_id", 'migrated', gb."leader_id", p."amount_fen" - p."refunded_fen", coalesce(p."leader_commission_fen", 0), 'handed_over', coalesce(p."settled_at", now())
  FROM "payments" p JOIN "orders" o ON o."id" = p."order_id" JOIN "group_buys" gb ON gb."id" = o."group_buy_id" WHERE p."status" = 'settled';
--> statement-breakpoint
ALTER TABLE "group_buy_purchases" ALTER COLUMN "item_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "stock_movements" ALTER COLUMN "item_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ALTER COLUMN "item_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "claims" ALTER COLUMN "line_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "group_buys" DROP CONSTRAINT "group_buys_stock_nonneg";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP CONSTRAINT "group_buys_product_id_products_id_fk";
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_group_buy_id_group_buys_id_fk";
--> statement-breakpoint
DROP INDEX "group_buy_purchases_pk";
--> statement-breakpoint
DROP INDEX "stock_movements_group_buy_idx";
--> statement-breakpoint
DROP INDEX "orders_pickup_code_key";
--> statement-breakpoint
DROP INDEX "orders_group_buy_idx";
--> statement-breakpoint
DROP INDEX "orders_community_status_idx";
--> statement-breakpoint
DROP INDEX "purchase_order_lines_group_buy_key";
--> statement-breakpoint
DROP INDEX "claims_order_key";
--> statement-breakpoint
ALTER TABLE "group_buy_items" ADD CONSTRAINT "group_buy_items_group_buy_id_group_buys_id_fk" FOREIGN KEY ("group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "group_buy_items" ADD CONSTRAINT "group_buy_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "basket_items" ADD CONSTRAINT "basket_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "basket_items" ADD CONSTRAINT "basket_items_item_id_group_buy_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."group_buy_items"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_group_buy_id_group_buys_id_fk" FOREIGN KEY ("group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_item_id_group_buy_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."group_buy_items"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_items_position_key" ON "group_buy_items" USING btree ("group_buy_id","position");
--> statement-breakpoint
CREATE INDEX "group_buy_items_product_idx" ON "group_buy_items" USING btree ("product_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "basket_items_key" ON "basket_items" USING btree ("user_id","item_id");
--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");
--> statement-breakpoint
CREATE INDEX "order_lines_group_buy_idx" ON "order_lines" USING btree ("group_buy_id","status");
--> statement-breakpoint
CREATE INDEX "order_lines_item_idx" ON "order_lines" USING btree ("item_id","status");
--> statement-breakpoint
CREATE INDEX "order_lines_community_status_idx" ON "order_lines" USING btree ("community_id","status");
--> statement-breakpoint
CREATE INDEX "order_lines_user_idx" ON "order_lines" USING btree ("user_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_key" ON "settlements" USING btree ("payment_id","settle_key");
--> statement-breakpoint
CREATE INDEX "settlements_leader_idx" ON "settlements" USING btree ("leader_id","created_at");
--> statement-breakpoint
CREATE INDEX "handovers_community_idx" ON "handovers" USING btree ("community_id","created_at");
--> statement-breakpoint
CREATE INDEX "handovers_resident_idx" ON "handovers" USING btree ("resident_id","status");
--> statement-breakpoint
CREATE INDEX "handovers_due_idx" ON "handovers" USING btree ("settle_due_at") WHERE status = 'awaiting_confirmation';
--> statement-breakpoint
CREATE UNIQUE INDEX "pickup_passes_code_key" ON "pickup_passes" USING btree ("community_id","code_hash");
--> statement-breakpoint
CREATE INDEX "pickup_passes_user_idx" ON "pickup_passes" USING btree ("user_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_purchases_item_user_key" ON "group_buy_purchases" USING btree ("item_id","user_id");
--> statement-breakpoint
CREATE INDEX "stock_movements_item_idx" ON "stock_movements" USING btree ("item_id");
--> statement-breakpoint
CREATE INDEX "orders_community_idx" ON "orders" USING btree ("community_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_lines_item_key" ON "purchase_order_lines" USING btree ("item_id");
--> statement-breakpoint
CREATE INDEX "purchase_order_lines_group_buy_idx" ON "purchase_order_lines" USING btree ("group_buy_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "claims_line_key" ON "claims" USING btree ("line_id");
--> statement-breakpoint
CREATE INDEX "claims_order_idx" ON "claims" USING btree ("order_id");
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "product_id";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "batch_id";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "price_fen";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "stock_total";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "stock_available";
--> statement-breakpoint
ALTER TABLE "group_buys" DROP COLUMN "per_person_limit";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "group_buy_id";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "quantity";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "refunded_quantity";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "unit_price_fen";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "pickup_code";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "picked_up_at";
--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "picked_up_by";
