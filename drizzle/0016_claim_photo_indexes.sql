DROP INDEX "claim_photos_recent_idx";--> statement-breakpoint
CREATE INDEX "claim_photos_community_idx" ON "claim_photos" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "claim_photos_product_idx" ON "claim_photos" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "claim_photos_user_idx" ON "claim_photos" USING btree ("user_id","created_at");