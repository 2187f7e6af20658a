CREATE TABLE "course_enrolments" (
	"course_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"best_score" integer,
	"last_attempt_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"certificate_code" text,
	CONSTRAINT "course_enrolments_certificate_when_completed" CHECK (("course_enrolments"."completed_at" is null) = ("course_enrolments"."certificate_code" is null))
);
--> statement-breakpoint
CREATE TABLE "course_lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"video_url" text
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"pass_score" integer DEFAULT 80 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "courses_pass_score_range" CHECK ("courses"."pass_score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "honour_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"honour_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"community_id" uuid,
	"reason" text NOT NULL,
	"facts" jsonb,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text
);
--> statement-breakpoint
CREATE TABLE "honours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rule" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leader_profiles" (
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leader_profiles_mission_length" CHECK (char_length("leader_profiles"."mission") <= 200)
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"passed" boolean NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"prompt" text NOT NULL,
	"options" text[] NOT NULL,
	"correct_index" integer NOT NULL,
	CONSTRAINT "quiz_questions_options_count" CHECK (cardinality("quiz_questions"."options") between 2 and 6),
	CONSTRAINT "quiz_questions_correct_index" CHECK ("quiz_questions"."correct_index" >= 0 and "quiz_questions"."correct_index" < cardinality("quiz_questions"."options"))
);
--> statement-breakpoint
ALTER TABLE "course_enrolments" ADD CONSTRAINT "course_enrolments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_lessons" ADD CONSTRAINT "course_lessons_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_grants" ADD CONSTRAINT "honour_grants_honour_id_honours_id_fk" FOREIGN KEY ("honour_id") REFERENCES "public"."honours"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_questions" ADD CONSTRAINT "quiz_questions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_pk" ON "course_enrolments" USING btree ("course_id","user_id");--> statement-breakpoint
CREATE INDEX "course_enrolments_user_idx" ON "course_enrolments" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_enrolments_certificate_key" ON "course_enrolments" USING btree ("certificate_code");--> statement-breakpoint
CREATE UNIQUE INDEX "course_lessons_position_key" ON "course_lessons" USING btree ("course_id","position");--> statement-breakpoint
CREATE INDEX "courses_status_idx" ON "courses" USING btree ("status","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "honour_grants_active_key" ON "honour_grants" USING btree ("honour_id","leader_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "honour_grants_leader_idx" ON "honour_grants" USING btree ("leader_id");--> statement-breakpoint
CREATE UNIQUE INDEX "honours_name_key" ON "honours" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "leader_profiles_pk" ON "leader_profiles" USING btree ("community_id","user_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_enrolment_idx" ON "quiz_attempts" USING btree ("course_id","user_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_questions_position_key" ON "quiz_questions" USING btree ("course_id","position");