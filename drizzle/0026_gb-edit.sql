CREATE TABLE "group_buy_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"group_buy_id" uuid NOT NULL,
	"item_id" uuid,
	"actor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"notified_count" integer DEFAULT 0 NOT NULL,
	"refunded_fen" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_buy_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"source_group_buy_id" uuid,
	"content" jsonb NOT NULL,
	"opened_group_buy_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "group_buy_changes" ADD CONSTRAINT "group_buy_changes_group_buy_id_group_buys_id_fk" FOREIGN KEY ("group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_changes" ADD CONSTRAINT "group_buy_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_drafts" ADD CONSTRAINT "group_buy_drafts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_drafts" ADD CONSTRAINT "group_buy_drafts_leader_id_users_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_drafts" ADD CONSTRAINT "group_buy_drafts_source_group_buy_id_group_buys_id_fk" FOREIGN KEY ("source_group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_buy_drafts" ADD CONSTRAINT "group_buy_drafts_opened_group_buy_id_group_buys_id_fk" FOREIGN KEY ("opened_group_buy_id") REFERENCES "public"."group_buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_buy_changes_gb_idx" ON "group_buy_changes" USING btree ("group_buy_id","created_at");--> statement-breakpoint
CREATE INDEX "group_buy_drafts_community_idx" ON "group_buy_drafts" USING btree ("community_id","updated_at");