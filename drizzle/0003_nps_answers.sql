CREATE TABLE "nps_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"community_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid,
	"order_id" uuid,
	"score" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"question" text NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nps_answers_score_range" CHECK (score between 0 and 10)
);
--> statement-breakpoint
CREATE INDEX "nps_answers_subject_idx" ON "nps_answers" USING btree ("subject_type","subject_id","answered_at");--> statement-breakpoint
CREATE INDEX "nps_answers_user_idx" ON "nps_answers" USING btree ("user_id","subject_type","subject_id","answered_at");--> statement-breakpoint
CREATE INDEX "nps_answers_community_idx" ON "nps_answers" USING btree ("community_id","answered_at");