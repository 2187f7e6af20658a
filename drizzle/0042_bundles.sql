CREATE TABLE "group_buy_bundle_parts" (
	"offer_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"units" integer NOT NULL,
	"unit_share_fen" integer NOT NULL,
	CONSTRAINT "group_buy_bundle_parts_amounts" CHECK (units > 0 and unit_share_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "group_buy_bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"group_buy_id" uuid NOT NULL,
	"campaign_bundle_id" uuid NOT NULL,
	"price_fen" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_buy_bundles_price_positive" CHECK (price_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "basket_bundles" (
	"user_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "basket_bundles_quantity_positive" CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "campaign_bundle_products" (
	"bundle_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "campaign_bundle_products_bundle_id_product_id_pk" PRIMARY KEY("bundle_id","product_id"),
	CONSTRAINT "campaign_bundle_products_units" CHECK ("campaign_bundle_products"."units" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "campaign_bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"scenario_zh" text DEFAULT '' NOT NULL,
	"scenario_en" text DEFAULT '' NOT NULL,
	"price_fen" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_bundles_price_positive" CHECK ("campaign_bundles"."price_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "bundle_offer_id" uuid;--> statement-breakpoint
ALTER TABLE "group_buy_bundle_parts" ADD CONSTRAINT "group_buy_bundle_parts_offer_id_group_buy_bundles_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."group_buy_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_bundle_parts" ADD CONSTRAINT "group_buy_bundle_parts_item_id_group_buy_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."group_buy_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_bundles" ADD CONSTRAINT "group_buy_bundles_group_buy_id_group_buys_id_fk" FOREIGN KEY ("group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_bundles" ADD CONSTRAINT "group_buy_bundles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "basket_bundles" ADD CONSTRAINT "basket_bundles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bundle_products" ADD CONSTRAINT "campaign_bundle_products_bundle_id_campaign_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."campaign_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bundle_products" ADD CONSTRAINT "campaign_bundle_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bundles" ADD CONSTRAINT "campaign_bundles_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_bundle_parts_key" ON "group_buy_bundle_parts" USING btree ("offer_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_buy_bundles_key" ON "group_buy_bundles" USING btree ("group_buy_id","campaign_bundle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "basket_bundles_key" ON "basket_bundles" USING btree ("user_id","offer_id");--> statement-breakpoint
CREATE INDEX "campaign_bundles_campaign_idx" ON "campaign_bundles" USING btree ("campaign_id");