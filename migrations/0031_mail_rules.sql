CREATE TABLE "mail_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "mail_incoming" ADD COLUMN "rule_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_incoming" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "mail_incoming" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_incoming" ADD COLUMN "department_id" uuid;--> statement-breakpoint
CREATE INDEX "mail_rules_position_idx" ON "mail_rules" USING btree ("position");