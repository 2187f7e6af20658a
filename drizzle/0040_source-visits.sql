CREATE TABLE "gathering_replays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gathering_id" uuid NOT NULL,
	"video_url" text,
	"photo_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gathering_replays_not_empty" CHECK ("gathering_replays"."video_url" is not null or jsonb_array_length("gathering_replays"."photo_file_ids") > 0)
);
--> statement-breakpoint
ALTER TABLE "gathering_signups" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "gatherings" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "gatherings" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "gatherings" ADD COLUMN "visit_product_id" uuid;--> statement-breakpoint
ALTER TABLE "gatherings" ADD COLUMN "visit_supplier_id" uuid;--> statement-breakpoint
ALTER TABLE "gathering_replays" ADD CONSTRAINT "gathering_replays_gathering_id_gatherings_id_fk" FOREIGN KEY ("gathering_id") REFERENCES "public"."gatherings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gathering_replays_gathering_idx" ON "gathering_replays" USING btree ("gathering_id","created_at");--> statement-breakpoint
ALTER TABLE "gatherings" ADD CONSTRAINT "gatherings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gatherings_campaign_idx" ON "gatherings" USING btree ("campaign_id","starts_at") WHERE campaign_id is not null;--> statement-breakpoint
ALTER TABLE "gatherings" ADD CONSTRAINT "gatherings_platform_is_campaign_visit" CHECK ("gatherings"."community_id" is not null or "gatherings"."campaign_id" is not null);--> statement-breakpoint
ALTER TABLE "gatherings" ADD CONSTRAINT "gatherings_visit_names_source" CHECK ("gatherings"."campaign_id" is null or "gatherings"."visit_product_id" is not null or "gatherings"."visit_supplier_id" is not null);