CREATE TABLE "campaign_stories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"nominated_by" uuid NOT NULL,
	"nominated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'awaiting_consent' NOT NULL,
	"answered_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	"removed_reason" text,
	CONSTRAINT "campaign_stories_removed_reason" CHECK ("campaign_stories"."status" <> 'removed' or ("campaign_stories"."removed_reason" is not null and "campaign_stories"."removed_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "post_products" (
	"post_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_stories" ADD CONSTRAINT "campaign_stories_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_products" ADD CONSTRAINT "post_products_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_stories_once" ON "campaign_stories" USING btree ("campaign_id","post_id");--> statement-breakpoint
CREATE INDEX "campaign_stories_shown_idx" ON "campaign_stories" USING btree ("campaign_id","status","answered_at");--> statement-breakpoint
CREATE INDEX "campaign_stories_community_idx" ON "campaign_stories" USING btree ("community_id","campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "post_products_pk" ON "post_products" USING btree ("post_id","product_id");--> statement-breakpoint
CREATE INDEX "post_products_product_idx" ON "post_products" USING btree ("product_id");