CREATE TABLE "campaign_purchases" (
	"campaign_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_purchases_community_id_campaign_id_line_id_pk" PRIMARY KEY("community_id","campaign_id","line_id")
);
--> statement-breakpoint
ALTER TABLE "guarantee_rules" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_purchases" ADD CONSTRAINT "campaign_purchases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_purchases_line_idx" ON "campaign_purchases" USING btree ("line_id");--> statement-breakpoint
ALTER TABLE "guarantee_rules" ADD CONSTRAINT "guarantee_rules_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guarantee_rules_campaign_idx" ON "guarantee_rules" USING btree ("campaign_id") WHERE campaign_id is not null;