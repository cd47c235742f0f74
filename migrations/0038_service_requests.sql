CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"contact_id" uuid,
	"kind" text NOT NULL,
	"model" text NOT NULL,
	"serial_no" text,
	"lot_no" text,
	"order_line_id" uuid,
	"shipment_id" uuid,
	"delivered_on" date,
	"quantity" integer,
	"description" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_communication_id" uuid,
	"charge_decision" text,
	"decision_reason" text,
	"planned_action" text,
	"price" numeric(18, 2),
	"assessed_by" uuid,
	"assessed_at" timestamp with time zone,
	"warranty_rule_id" uuid,
	"work_report" text,
	"work_done_on" date,
	"return_quantity" integer,
	"total_amount" numeric(18, 2),
	"credit_note" text,
	"confirmed_on" date,
	"confirmed_by_contact_id" uuid,
	"confirmation_note" text,
	"confirmation_communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "warranty_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope_key" text NOT NULL,
	"party_id" uuid,
	"model" text,
	"months" integer NOT NULL,
	"basis" text NOT NULL,
	"revision" integer NOT NULL,
	"note" text,
	"reason" text,
	"retired" boolean DEFAULT false NOT NULL,
	"superseded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_rules" ADD CONSTRAINT "warranty_rules_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_requests_number_idx" ON "service_requests" USING btree ("number");--> statement-breakpoint
CREATE INDEX "service_requests_party_idx" ON "service_requests" USING btree ("party_id","received_at");--> statement-breakpoint
CREATE INDEX "service_requests_line_idx" ON "service_requests" USING btree ("order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_rules_scope_current_idx" ON "warranty_rules" USING btree ("scope_key") WHERE superseded_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_rules_scope_revision_idx" ON "warranty_rules" USING btree ("scope_key","revision");--> statement-breakpoint
CREATE INDEX "warranty_rules_party_idx" ON "warranty_rules" USING btree ("party_id");