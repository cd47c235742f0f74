CREATE TABLE "portal_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_type" text,
	"ref_id" uuid,
	"filed_as" text NOT NULL,
	"communication_id" uuid NOT NULL,
	"note" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "procedure_step_visits" ADD COLUMN "entered_by_contact" uuid;--> statement-breakpoint
ALTER TABLE "procedure_step_visits" ADD COLUMN "left_by_contact" uuid;--> statement-breakpoint
CREATE INDEX "portal_uploads_party_idx" ON "portal_uploads" USING btree ("party_id","uploaded_at");