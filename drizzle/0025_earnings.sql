CREATE TABLE "ledger_accounts" (
	"account" text PRIMARY KEY NOT NULL,
	"leader_id" uuid,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	"may_go_negative" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_not_negative" CHECK ("ledger_accounts"."may_go_negative" or "ledger_accounts"."balance_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"debit_account" text NOT NULL,
	"credit_account" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"code" text NOT NULL,
	"leader_id" uuid NOT NULL,
	"community_id" uuid,
	"ref_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transfers_amount_positive" CHECK ("ledger_transfers"."amount_fen" > 0),
	CONSTRAINT "ledger_transfers_two_accounts" CHECK ("ledger_transfers"."debit_account" <> "ledger_transfers"."credit_account")
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"leader_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"request_key" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"decided_by" uuid,
	"decision_note" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "tier" text;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "commission_rate" double precision;--> statement-breakpoint
CREATE INDEX "ledger_accounts_leader_idx" ON "ledger_accounts" USING btree ("leader_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_key" ON "ledger_transfers" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_transfers_leader_idx" ON "ledger_transfers" USING btree ("leader_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_transfers_debit_idx" ON "ledger_transfers" USING btree ("debit_account");--> statement-breakpoint
CREATE INDEX "ledger_transfers_credit_idx" ON "ledger_transfers" USING btree ("credit_account");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_request_key" ON "payouts" USING btree ("leader_id","request_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_provider_ref" ON "payouts" USING btree ("provider","provider_ref");--> statement-breakpoint
CREATE INDEX "payouts_leader_idx" ON "payouts" USING btree ("leader_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_status_idx" ON "payouts" USING btree ("status","created_at");--> statement-breakpoint
-- custom (earnings):
-- Settlements from before the tier and rate were kept: the rate is read back from the commission
-- they fixed (to 4 places); their tier stays unknown (shown as "—").
UPDATE "settlements" SET "commission_rate" = round("commission_fen"::numeric / "amount_fen", 4) WHERE "commission_rate" IS NULL AND "amount_fen" > 0;
