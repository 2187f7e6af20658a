CREATE TABLE "nps_invitations" (
	"survey_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "nps_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"title" text NOT NULL,
	"sample_size" integer NOT NULL,
	"eligible" integer NOT NULL,
	"invited" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nps_answers" ADD COLUMN "survey_id" uuid;--> statement-breakpoint
ALTER TABLE "nps_invitations" ADD CONSTRAINT "nps_invitations_survey_id_nps_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."nps_surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nps_invitations_pk" ON "nps_invitations" USING btree ("survey_id","user_id");--> statement-breakpoint
CREATE INDEX "nps_invitations_user_idx" ON "nps_invitations" USING btree ("user_id","invited_at");--> statement-breakpoint
CREATE INDEX "nps_answers_survey_idx" ON "nps_answers" USING btree ("survey_id");