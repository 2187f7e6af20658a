CREATE TABLE "points_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_accounts_owner" CHECK (("points_accounts"."kind" = 'user') = ("points_accounts"."user_id" is not null)),
	CONSTRAINT "points_accounts_amounts_nonnegative" CHECK ("points_accounts"."debits_posted" >= 0 and "points_accounts"."credits_posted" >= 0 and "points_accounts"."debits_pending" >= 0 and "points_accounts"."credits_pending" >= 0),
	CONSTRAINT "points_accounts_never_negative" CHECK ("points_accounts"."kind" = 'issuance' or "points_accounts"."credits_posted" - "points_accounts"."debits_posted" - "points_accounts"."debits_pending" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_points" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_services_price_positive" CHECK ("points_services"."price_points" > 0)
);
--> statement-breakpoint
CREATE TABLE "points_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"debit_user_id" uuid,
	"credit_user_id" uuid,
	"amount" integer NOT NULL,
	"code" text NOT NULL,
	"ref_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"pending_id" uuid,
	"return_of_id" uuid,
	"local_day" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_transfers_amount_positive" CHECK ("points_transfers"."amount" > 0),
	CONSTRAINT "points_transfers_two_accounts" CHECK ("points_transfers"."debit_account_id" <> "points_transfers"."credit_account_id"),
	CONSTRAINT "points_transfers_pending_ref" CHECK (("points_transfers"."kind" in ('post_pending', 'void_pending')) = ("points_transfers"."pending_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "points_fen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "value_refunded_fen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "value_settled_fen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_debit_account_id_points_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."points_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_credit_account_id_points_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."points_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_user_idx" ON "points_accounts" USING btree ("community_id","user_id") WHERE kind = 'user';--> statement-breakpoint
CREATE UNIQUE INDEX "points_accounts_system_idx" ON "points_accounts" USING btree ("community_id","kind") WHERE kind <> 'user';--> statement-breakpoint
CREATE UNIQUE INDEX "points_transfers_idempotency_idx" ON "points_transfers" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_transfers_seq_idx" ON "points_transfers" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "points_transfers_pending_idx" ON "points_transfers" USING btree ("pending_id") WHERE pending_id is not null;--> statement-breakpoint
CREATE INDEX "points_transfers_debit_idx" ON "points_transfers" USING btree ("debit_account_id","seq");--> statement-breakpoint
CREATE INDEX "points_transfers_credit_idx" ON "points_transfers" USING btree ("credit_account_id","code","local_day");--> statement-breakpoint
CREATE INDEX "points_transfers_return_idx" ON "points_transfers" USING btree ("return_of_id") WHERE return_of_id is not null;--> statement-breakpoint
-- custom (points):
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_pending_id_fk" FOREIGN KEY ("pending_id") REFERENCES "public"."points_transfers"("id");--> statement-breakpoint
ALTER TABLE "points_transfers" ADD CONSTRAINT "points_transfers_return_of_id_fk" FOREIGN KEY ("return_of_id") REFERENCES "public"."points_transfers"("id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION linli_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$;--> statement-breakpoint
CREATE TRIGGER points_transfers_append_only BEFORE UPDATE OR DELETE ON points_transfers FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();
--> statement-breakpoint
-- Payments from before points: their value is their money.
UPDATE "payments" SET "value_refunded_fen" = "refunded_fen", "value_settled_fen" = "settled_fen";
