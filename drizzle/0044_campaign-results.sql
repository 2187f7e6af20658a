ALTER TABLE "nps_surveys" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
CREATE INDEX "nps_surveys_campaign_idx" ON "nps_surveys" USING btree ("campaign_id");--> statement-breakpoint
ALTER TABLE "nps_surveys" ADD CONSTRAINT "nps_surveys_campaign_scope" CHECK (subject_type = 'campaign' or campaign_id is null);