CREATE TABLE "guarantee_rule_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text,
	"base_version" integer,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"condition" text NOT NULL,
	"action" text NOT NULL,
	"priority" integer NOT NULL,
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"attachment" jsonb NOT NULL,
	"status" text DEFAULT 'awaiting' NOT NULL,
	"published_rule_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"proposal_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"household_key" text NOT NULL,
	"choice" text NOT NULL,
	"votes" integer DEFAULT 1 NOT NULL,
	"credits" integer DEFAULT 1 NOT NULL,
	"season" text,
	"trust_score" integer NOT NULL,
	"cast_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ballots_votes_positive" CHECK ("ballots"."votes" >= 1 and "ballots"."credits" = "ballots"."votes" * "ballots"."votes")
);
--> statement-breakpoint
CREATE TABLE "governance_effects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'awaiting' NOT NULL,
	"rule_draft_id" uuid,
	"transfer_ref" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "proposal_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"proposal_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"eligible" integer NOT NULL,
	"voters" integer NOT NULL,
	"yes" integer NOT NULL,
	"no" integer NOT NULL,
	"quorum_reached" boolean NOT NULL,
	"passed" boolean NOT NULL,
	"closed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"proposer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"voting" text DEFAULT 'one_member' NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb NOT NULL,
	"phase" text DEFAULT 'review' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"voting_starts_at" timestamp with time zone NOT NULL,
	"voting_ends_at" timestamp with time zone NOT NULL,
	"effect_at" timestamp with time zone NOT NULL,
	"stake_points" integer NOT NULL,
	"stake_hold_id" text,
	"stake_status" text DEFAULT 'held' NOT NULL,
	"closed_at" timestamp with time zone,
	"enacted_at" timestamp with time zone,
	CONSTRAINT "proposals_times_ordered" CHECK ("proposals"."created_at" < "proposals"."voting_starts_at" and "proposals"."voting_starts_at" < "proposals"."voting_ends_at" and "proposals"."voting_ends_at" < "proposals"."effect_at"),
	CONSTRAINT "proposals_stake_positive" CHECK ("proposals"."stake_points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_effects" ADD CONSTRAINT "governance_effects_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_outcomes" ADD CONSTRAINT "proposal_outcomes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "guarantee_rule_drafts_source_key" ON "guarantee_rule_drafts" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "guarantee_rule_drafts_status_idx" ON "guarantee_rule_drafts" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_seq_key" ON "ballots" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_per_member" ON "ballots" USING btree ("proposal_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_per_household" ON "ballots" USING btree ("proposal_id","household_key");--> statement-breakpoint
CREATE INDEX "ballots_season_idx" ON "ballots" USING btree ("community_id","user_id","season");--> statement-breakpoint
CREATE UNIQUE INDEX "governance_effects_proposal_key" ON "governance_effects" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "governance_effects_status_idx" ON "governance_effects" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_outcomes_seq_key" ON "proposal_outcomes" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_outcomes_proposal_key" ON "proposal_outcomes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "proposals_community_idx" ON "proposals" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_open_idx" ON "proposals" USING btree ("phase","voting_starts_at") WHERE phase in ('review', 'voting', 'passed');--> statement-breakpoint
-- custom (governance):
CREATE OR REPLACE FUNCTION linli_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$;--> statement-breakpoint
CREATE TRIGGER ballots_append_only BEFORE UPDATE OR DELETE ON ballots FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();--> statement-breakpoint
CREATE TRIGGER proposal_outcomes_append_only BEFORE UPDATE OR DELETE ON proposal_outcomes FOR EACH ROW EXECUTE FUNCTION linli_refuse_change();
