CREATE TABLE "pickup_point_staff" (
	"pickup_point_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pickup_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"hours" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "display_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "door_number" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "pickup_point_id" uuid;--> statement-breakpoint
ALTER TABLE "pickup_point_staff" ADD CONSTRAINT "pickup_point_staff_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_point_staff" ADD CONSTRAINT "pickup_point_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD CONSTRAINT "pickup_points_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pickup_point_staff_key" ON "pickup_point_staff" USING btree ("pickup_point_id","user_id");--> statement-breakpoint
CREATE INDEX "pickup_point_staff_user_idx" ON "pickup_point_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "pickup_points_community_idx" ON "pickup_points" USING btree ("community_id","position");--> statement-breakpoint
-- Each community's existing pickup point becomes its first row; existing baskets are collected there.
INSERT INTO "pickup_points" ("community_id", "name", "address", "hours", "position")
  SELECT "id", "pickup_point_name", "pickup_point_address", "pickup_hours", 0 FROM "communities";--> statement-breakpoint
UPDATE "orders" o SET "pickup_point_id" = p."id" FROM "pickup_points" p WHERE p."community_id" = o."community_id";--> statement-breakpoint
UPDATE "memberships" m SET "display_name" = u."name" FROM "users" u WHERE u."id" = m."user_id" AND u."name" <> '';
