CREATE TABLE "clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"step_id" text,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"department" text,
	"assignee_id" uuid,
	"deadline_amount" integer NOT NULL,
	"deadline_unit" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"calendar_version" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"paused_since" timestamp with time zone,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"stopped_at" timestamp with time zone,
	"escalated_percent" integer DEFAULT 0 NOT NULL,
	"escalation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_check_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "procedure_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"procedure_id" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"state" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "procedure_signoffs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"round" integer NOT NULL,
	"department" text NOT NULL,
	"user_id" uuid NOT NULL,
	"opinion" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_step_visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"entered_by" uuid,
	"left_at" timestamp with time zone,
	"left_by" uuid,
	"transition_id" text,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"owner_id" uuid NOT NULL,
	"department" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" text,
	"completed_at" timestamp with time zone,
	"verification_method" text,
	"verification_criterion" text,
	"verification_date" date,
	"verifier_id" uuid,
	"verification_result" text,
	"verification_note" text,
	"verified_at" timestamp with time zone,
	"cancel_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "action_items_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "communications" ADD COLUMN "topic" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_signoffs" ADD CONSTRAINT "procedure_signoffs_instance_id_procedure_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."procedure_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_step_visits" ADD CONSTRAINT "procedure_step_visits_instance_id_procedure_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."procedure_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clocks_owner_idx" ON "clocks" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "clocks_next_check_idx" ON "clocks" USING btree ("next_check_at") WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_instances_ref_idx" ON "procedure_instances" USING btree ("ref_type","ref_id","procedure_id");--> statement-breakpoint
CREATE INDEX "procedure_instances_state_idx" ON "procedure_instances" USING btree ("procedure_id","state") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_signoffs_unique_idx" ON "procedure_signoffs" USING btree ("instance_id","step_id","round","department");--> statement-breakpoint
CREATE INDEX "procedure_step_visits_instance_idx" ON "procedure_step_visits" USING btree ("instance_id","id");--> statement-breakpoint
CREATE INDEX "action_items_source_idx" ON "action_items" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "action_items_owner_idx" ON "action_items" USING btree ("owner_id","status");