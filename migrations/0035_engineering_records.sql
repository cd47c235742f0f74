CREATE TABLE "anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"found_in" text NOT NULL,
	"occurred_on" date NOT NULL,
	"model" text,
	"lot_no" text,
	"quantity" integer,
	"order_id" uuid,
	"complaint_id" uuid,
	"reported_communication_id" uuid,
	"conclusion" text,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "anomaly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"anomaly_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document_no" text NOT NULL,
	"note" text,
	"attachment_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "process_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"process_data" text NOT NULL,
	"model" text,
	"question" text NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_on" date NOT NULL,
	"asked_communication_id" uuid,
	"answer" text,
	"answered_on" date,
	"answer_communication_id" uuid,
	"signed_by_contact_id" uuid,
	"signed_on" date,
	"signed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"model" text NOT NULL,
	"description" text,
	"quantity" integer NOT NULL,
	"sent_on" date NOT NULL,
	"ship_via" text NOT NULL,
	"tracking_no" text,
	"order_id" uuid,
	"quotation_id" uuid,
	"answer_within_days" integer DEFAULT 5 NOT NULL,
	"notes" text,
	"decision" text,
	"answered_on" date,
	"rejection_reason" text,
	"answered_by_contact_id" uuid,
	"answer_communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_reports" ADD CONSTRAINT "anomaly_reports_anomaly_id_anomalies_id_fk" FOREIGN KEY ("anomaly_id") REFERENCES "public"."anomalies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_questions" ADD CONSTRAINT "process_questions_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "samples" ADD CONSTRAINT "samples_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_number_idx" ON "anomalies" USING btree ("number");--> statement-breakpoint
CREATE INDEX "anomalies_party_idx" ON "anomalies" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "anomalies_order_idx" ON "anomalies" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "anomalies_complaint_idx" ON "anomalies" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "process_questions_number_idx" ON "process_questions" USING btree ("number");--> statement-breakpoint
CREATE INDEX "process_questions_party_idx" ON "process_questions" USING btree ("party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "samples_number_idx" ON "samples" USING btree ("number");--> statement-breakpoint
CREATE INDEX "samples_party_idx" ON "samples" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "samples_order_idx" ON "samples" USING btree ("order_id");