CREATE TABLE "visit_acknowledgements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"department" text NOT NULL,
	"user_id" uuid NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"no" integer NOT NULL,
	"area" text NOT NULL,
	"department" text NOT NULL,
	"severity" text NOT NULL,
	"description" text NOT NULL,
	"response" text,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"party_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"visitors" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"focus_items" text,
	"accompanying_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"nda_required" boolean DEFAULT false NOT NULL,
	"restricted_areas" text,
	"notice_departments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notice_round" integer DEFAULT 0 NOT NULL,
	"minutes" text,
	"outcomes" text,
	"next_contact" date,
	"held_communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "communication_plan_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"department" text NOT NULL,
	"user_id" uuid NOT NULL,
	"content" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communication_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"source_type" text,
	"source_id" text,
	"party_id" uuid,
	"departments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"goal" text,
	"objective" text,
	"channel" text,
	"scheduled_at" timestamp with time zone,
	"place" text,
	"participants" text,
	"content" text,
	"form" text,
	"communicated_at" timestamp with time zone,
	"communication_note" text,
	"follow_up_note" text,
	"score" integer,
	"lessons" text,
	"improvement" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "meeting_carried_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"action_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_participants" (
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attendance" text DEFAULT 'invited' NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "meeting_participants_meeting_id_user_id_pk" PRIMARY KEY("meeting_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"cadence" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"series_id" uuid,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text,
	"chair_id" uuid,
	"agenda" text,
	"minutes" text,
	"decisions" text,
	"source_type" text,
	"source_id" text,
	"distributed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "visit_acknowledgements" ADD CONSTRAINT "visit_acknowledgements_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_findings" ADD CONSTRAINT "visit_findings_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plan_replies" ADD CONSTRAINT "communication_plan_replies_plan_id_communication_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."communication_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plans" ADD CONSTRAINT "communication_plans_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_carried_actions" ADD CONSTRAINT "meeting_carried_actions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_series_id_meeting_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."meeting_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_acknowledgements_unique_idx" ON "visit_acknowledgements" USING btree ("visit_id","round","department");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_findings_no_idx" ON "visit_findings" USING btree ("visit_id","no");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_number_idx" ON "visits" USING btree ("number");--> statement-breakpoint
CREATE INDEX "visits_party_idx" ON "visits" USING btree ("party_id","start_date");--> statement-breakpoint
CREATE INDEX "communication_plan_replies_plan_idx" ON "communication_plan_replies" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "communication_plans_number_idx" ON "communication_plans" USING btree ("number");--> statement-breakpoint
CREATE INDEX "communication_plans_source_idx" ON "communication_plans" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_carried_actions_unique_idx" ON "meeting_carried_actions" USING btree ("meeting_id","action_id");--> statement-breakpoint
CREATE INDEX "meeting_participants_user_idx" ON "meeting_participants" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_number_idx" ON "meetings" USING btree ("number");--> statement-breakpoint
CREATE INDEX "meetings_series_idx" ON "meetings" USING btree ("series_id","held_at");