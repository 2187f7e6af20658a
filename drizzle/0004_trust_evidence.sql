CREATE TABLE "resident_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"community_id" uuid,
	"kind" text NOT NULL,
	"good" boolean NOT NULL,
	"severity" real DEFAULT 1 NOT NULL,
	"credibility" real DEFAULT 1 NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"source_event_id" bigint NOT NULL,
	"subject_id" uuid
);
--> statement-breakpoint
CREATE TABLE "resident_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"score" integer NOT NULL,
	"level" text NOT NULL,
	"facts" jsonb NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "resident_evidence_user_idx" ON "resident_evidence" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_evidence_source_key" ON "resident_evidence" USING btree ("source_event_id","kind");