CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"refund_key" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "claim_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"amount_fen" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"thumb_file_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"phash" bigint NOT NULL,
	"phash_mirror" bigint NOT NULL,
	"phash_crop" bigint NOT NULL,
	"taken_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"group_buy_id" uuid NOT NULL,
	"batch_id" uuid,
	"leader_id" uuid,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"facts" jsonb NOT NULL,
	"rule_id" uuid,
	"rule_key" text,
	"rule_version" integer,
	"rule_action" text,
	"facts_used" jsonb,
	"reason_key" text NOT NULL,
	"reason_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"picked_up_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"refunded_fen" integer DEFAULT 0 NOT NULL,
	"fault_party" text,
	"resolution_note" text,
	"sampled_for_review" boolean DEFAULT false NOT NULL,
	"review_outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claims_quantity_positive" CHECK ("claims"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"debit_account" text NOT NULL,
	"credit_account" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"code" text NOT NULL,
	"claim_id" uuid,
	"community_id" uuid,
	"memo" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_entries_amount_positive" CHECK ("fund_entries"."amount_fen" > 0),
	CONSTRAINT "fund_entries_two_accounts" CHECK ("fund_entries"."debit_account" <> "fund_entries"."credit_account")
);
--> statement-breakpoint
CREATE TABLE "guarantee_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"condition" text NOT NULL,
	"action" text NOT NULL,
	"priority" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_actions" ADD CONSTRAINT "claim_actions_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_photos" ADD CONSTRAINT "claim_photos_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_refund_key" ON "refunds" USING btree ("refund_key");--> statement-breakpoint
CREATE INDEX "refunds_pending_idx" ON "refunds" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "claim_actions_claim_idx" ON "claim_actions" USING btree ("claim_id","id");--> statement-breakpoint
CREATE INDEX "claim_photos_claim_idx" ON "claim_photos" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "claim_photos_sha_idx" ON "claim_photos" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "claim_photos_recent_idx" ON "claim_photos" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_order_key" ON "claims" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "claims_user_idx" ON "claims" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "claims_community_status_idx" ON "claims" USING btree ("community_id","status","deadline_at");--> statement-breakpoint
CREATE INDEX "claims_due_idx" ON "claims" USING btree ("deadline_at") WHERE status = 'leader_review';--> statement-breakpoint
CREATE UNIQUE INDEX "fund_entries_idempotency_key" ON "fund_entries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "fund_entries_debit_idx" ON "fund_entries" USING btree ("debit_account");--> statement-breakpoint
CREATE INDEX "fund_entries_credit_idx" ON "fund_entries" USING btree ("credit_account");--> statement-breakpoint
CREATE UNIQUE INDEX "guarantee_rules_key_version" ON "guarantee_rules" USING btree ("key","version");