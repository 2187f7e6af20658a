CREATE TABLE "leader_index_readings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"leader_id" uuid NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"index_value" double precision NOT NULL,
	"components" jsonb NOT NULL,
	"inputs" jsonb NOT NULL,
	"orders" integer NOT NULL,
	"tier" text NOT NULL,
	"tier_changed" boolean NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "leader_index_readings_leader_idx" ON "leader_index_readings" USING btree ("leader_id","computed_at");