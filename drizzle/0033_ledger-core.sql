CREATE TABLE "ledger_checkpoints" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"chain_head" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"previous_size" bigint,
	"consistency_proof" jsonb NOT NULL,
	CONSTRAINT "ledger_checkpoints_grows" CHECK ("ledger_checkpoints"."previous_size" is null or "ledger_checkpoints"."previous_size" < "ledger_checkpoints"."tree_size")
);
--> statement-breakpoint
CREATE TABLE "ledger_head" (
	"id" integer PRIMARY KEY NOT NULL,
	CONSTRAINT "ledger_head_single" CHECK ("ledger_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "ledger_leaves" (
	"leaf_index" bigint PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"entry_id" text NOT NULL,
	"entry_seq" bigint NOT NULL,
	"community_id" uuid,
	"entry_text" text NOT NULL,
	"leaf_hash" text NOT NULL,
	"chain_hash" text NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_leaves_index_not_negative" CHECK ("ledger_leaves"."leaf_index" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_verifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"tree_size" bigint NOT NULL,
	"leaves_checked" integer NOT NULL,
	"ok" boolean NOT NULL,
	"failures" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_leaves_entry" ON "ledger_leaves" USING btree ("source","entry_id");--> statement-breakpoint
CREATE INDEX "ledger_leaves_source_seq" ON "ledger_leaves" USING btree ("source","entry_seq");--> statement-breakpoint
CREATE INDEX "ledger_verifications_ran_idx" ON "ledger_verifications" USING btree ("ran_at");--> statement-breakpoint
-- custom (ledger-core):
-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on ledger entries and on the log.
CREATE OR REPLACE FUNCTION linli_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$;--> statement-breakpoint
CREATE TRIGGER fund_entries_append_only BEFORE UPDATE OR DELETE ON fund_entries FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER fund_entries_no_truncate BEFORE TRUNCATE ON fund_entries FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_transfers_no_truncate BEFORE TRUNCATE ON ledger_transfers FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_leaves_append_only BEFORE UPDATE OR DELETE ON ledger_leaves FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_leaves_no_truncate BEFORE TRUNCATE ON ledger_leaves FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_verifications_append_only BEFORE UPDATE OR DELETE ON ledger_verifications FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER ledger_verifications_no_truncate BEFORE TRUNCATE ON ledger_verifications FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
INSERT INTO ledger_head (id) VALUES (1) ON CONFLICT DO NOTHING;
