CREATE TABLE "cocreate_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"levels" jsonb NOT NULL,
	"seats" integer NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cocreate_responses" (
	"invitation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"accepted" boolean NOT NULL,
	"responded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "birthday" text;--> statement-breakpoint
ALTER TABLE "cocreate_responses" ADD CONSTRAINT "cocreate_responses_invitation_id_cocreate_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."cocreate_invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cocreate_responses_pk" ON "cocreate_responses" USING btree ("invitation_id","user_id");