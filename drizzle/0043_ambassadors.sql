CREATE TABLE "campaign_ambassadors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"facts" jsonb NOT NULL,
	"verdict" jsonb NOT NULL,
	"eligible" boolean NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"decision_facts" jsonb,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ambassador_rule" text DEFAULT 'tier in [''gold'', ''silver''] and course_passed and upheld_complaints_90d == 0' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ambassador_course_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "first_launch_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_ambassadors" ADD CONSTRAINT "campaign_ambassadors_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_ambassadors_standing_key" ON "campaign_ambassadors" USING btree ("campaign_id","leader_id") WHERE status in ('applied', 'approved');--> statement-breakpoint
CREATE INDEX "campaign_ambassadors_leader_idx" ON "campaign_ambassadors" USING btree ("leader_id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_first_launch_days_range" CHECK ("campaigns"."first_launch_days" between 0 and 90);