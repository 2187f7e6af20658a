CREATE TABLE "payout_entries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"payout_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"actor_id" uuid,
	"provider" text NOT NULL,
	"provider_ref" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_entries_amount_positive" CHECK ("payout_entries"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "payout_entries" ADD CONSTRAINT "payout_entries_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_entries_payout_idx" ON "payout_entries" USING btree ("payout_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_entries_once" ON "payout_entries" USING btree ("payout_id","kind") WHERE "payout_entries"."kind" <> 'attempt_failed';--> statement-breakpoint
-- custom (payout-entries):
-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on a payout's history.
CREATE OR REPLACE FUNCTION linli_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$;--> statement-breakpoint
CREATE TRIGGER payout_entries_append_only BEFORE UPDATE OR DELETE ON payout_entries FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER payout_entries_no_truncate BEFORE TRUNCATE ON payout_entries FOR EACH STATEMENT EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
-- Backfill: the history of every payout made before this migration, rebuilt from its row (requested;
-- approved or rejected by decided_by; one attempt_failed per failed attempt, the last with last_error;
-- sent with its provider_ref; paid or failed with its reason), so the reconciliation agrees at once.
INSERT INTO payout_entries (payout_id, leader_id, community_id, kind, status, amount_fen, actor_id, provider, provider_ref, note, created_at)
SELECT payout_id, leader_id, community_id, kind, status, amount_fen, actor_id, provider, provider_ref, note, created_at FROM (
  SELECT p.id AS payout_id, p.leader_id, p.community_id, 'requested' AS kind,
    CASE WHEN p.decided_by IS NOT NULL OR p.status = 'awaiting_approval' THEN 'awaiting_approval' ELSE 'sending' END AS status,
    p.amount_fen, NULL::uuid AS actor_id, p.provider, NULL::text AS provider_ref, NULL::text AS note, p.created_at, p.created_at AS ord, 1 AS step, 0 AS i
  FROM payouts p
  UNION ALL
  SELECT p.id, p.leader_id, p.community_id, 'approved', 'sending', p.amount_fen, p.decided_by, p.provider, NULL, p.decision_note, coalesce(p.decided_at, p.created_at), p.created_at, 2, 0
  FROM payouts p WHERE p.decided_by IS NOT NULL AND p.status <> 'rejected'
  UNION ALL
  SELECT p.id, p.leader_id, p.community_id, 'attempt_failed', 'sending', p.amount_fen, NULL, p.provider, NULL,
    CASE WHEN n.i = p.attempts - (CASE WHEN p.provider_ref IS NULL THEN 0 ELSE 1 END) THEN p.last_error END,
    coalesce(p.decided_at, p.created_at), p.created_at, 3, n.i
  FROM payouts p CROSS JOIN LATERAL generate_series(1, p.attempts - (CASE WHEN p.provider_ref IS NULL THEN 0 ELSE 1 END)) AS n(i)
  UNION ALL
  SELECT p.id, p.leader_id, p.community_id, 'sent', 'sent', p.amount_fen, NULL, p.provider, p.provider_ref, NULL, coalesce(p.sent_at, p.created_at), p.created_at, 4, 0
  FROM payouts p WHERE p.provider_ref IS NOT NULL
  UNION ALL
  SELECT p.id, p.leader_id, p.community_id, p.status, p.status, p.amount_fen, CASE WHEN p.status = 'rejected' THEN p.decided_by END, p.provider, NULL,
    CASE WHEN p.status = 'rejected' THEN p.decision_note ELSE p.failure_reason END, coalesce(p.completed_at, p.decided_at, p.created_at), p.created_at, 5, 0
  FROM payouts p WHERE p.status IN ('paid', 'failed', 'rejected')
) AS h ORDER BY ord, payout_id, step, i;
