CREATE TABLE "complaint_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"result" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"communication_id" uuid NOT NULL,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "complaint_containment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"location" text NOT NULL,
	"description" text NOT NULL,
	"quantity_checked" integer NOT NULL,
	"quantity_found" integer NOT NULL,
	"disposition" text,
	"owner_id" uuid,
	"done_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	"voided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "complaint_containment_found_le_checked" CHECK ("complaint_containment"."quantity_found" <= "complaint_containment"."quantity_checked")
);
--> statement-breakpoint
CREATE TABLE "complaint_customer_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"result" text,
	"communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "complaint_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"quantity" integer NOT NULL,
	"note" text,
	"analysis_result" text,
	"analysis_confirmed" boolean,
	"disposition" text,
	"analysis_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"analysis_at" timestamp with time zone,
	"analysis_by" uuid,
	"rework_route" text,
	"rework_scheduled_date" date,
	"reworked_quantity" integer,
	"rework_effect" text,
	"rework_done_at" timestamp with time zone,
	"credit_at" timestamp with time zone,
	"credit_by" uuid,
	"credit_note" text,
	"credit_override_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "complaint_returns_quantity_positive" CHECK ("complaint_returns"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "complaint_timing_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"number" text NOT NULL,
	"kind" text DEFAULT 'complaint' NOT NULL,
	"party_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"receiver_id" uuid NOT NULL,
	"contact_id" uuid,
	"model" text NOT NULL,
	"lot" text,
	"delivered_quantity" integer,
	"defective_quantity" integer NOT NULL,
	"description" text NOT NULL,
	"failure_mode" text,
	"remedy_sought" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remedy_note" text,
	"related_reports" text,
	"origin_communication_id" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledgement_communication_id" uuid,
	"assessment" jsonb,
	"team" jsonb,
	"problem" jsonb,
	"root_cause" jsonb,
	"effectiveness" jsonb,
	"prevention" jsonb,
	"recurrence_of" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "complaints_seq_unique" UNIQUE("seq"),
	CONSTRAINT "complaints_defective_not_negative" CHECK ("complaints"."defective_quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "complaint_confirmations" ADD CONSTRAINT "complaint_confirmations_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_containment" ADD CONSTRAINT "complaint_containment_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_customer_links" ADD CONSTRAINT "complaint_customer_links_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_returns" ADD CONSTRAINT "complaint_returns_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_timing_templates" ADD CONSTRAINT "complaint_timing_templates_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_confirmations_complaint_idx" ON "complaint_confirmations" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE INDEX "complaint_containment_complaint_idx" ON "complaint_containment" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_customer_links_token_idx" ON "complaint_customer_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "complaint_customer_links_complaint_idx" ON "complaint_customer_links" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_returns_complaint_idx" ON "complaint_returns" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_timing_templates_party_idx" ON "complaint_timing_templates" USING btree ("party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_number_idx" ON "complaints" USING btree ("number");--> statement-breakpoint
CREATE INDEX "complaints_party_idx" ON "complaints" USING btree ("party_id","received_at");--> statement-breakpoint
CREATE INDEX "complaints_model_idx" ON "complaints" USING btree ("model");