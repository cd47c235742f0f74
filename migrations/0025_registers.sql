CREATE TABLE "csr_deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"csr_id" uuid NOT NULL,
	"target" text NOT NULL,
	"reference" text NOT NULL,
	"change" text NOT NULL,
	"department" text NOT NULL,
	"done_on" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "csr_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"title" text NOT NULL,
	"document_no" text,
	"revision" text NOT NULL,
	"received_date" date NOT NULL,
	"notes" text,
	"supersedes_id" uuid,
	"superseded_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "customer_property" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"party_id" uuid NOT NULL,
	"location" text NOT NULL,
	"condition" text DEFAULT 'good' NOT NULL,
	"custodian_id" uuid,
	"received_date" date,
	"last_verified_on" date,
	"next_verification_due" date,
	"notes" text,
	"order_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "customer_property_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"property_id" uuid NOT NULL,
	"no" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"condition_before" text NOT NULL,
	"communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "csr_deployments" ADD CONSTRAINT "csr_deployments_csr_id_csr_documents_id_fk" FOREIGN KEY ("csr_id") REFERENCES "public"."csr_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csr_documents" ADD CONSTRAINT "csr_documents_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_property" ADD CONSTRAINT "customer_property_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_property_incidents" ADD CONSTRAINT "customer_property_incidents_property_id_customer_property_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."customer_property"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "csr_documents_number_idx" ON "csr_documents" USING btree ("number");--> statement-breakpoint
CREATE INDEX "csr_documents_party_idx" ON "csr_documents" USING btree ("party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "csr_documents_supersedes_idx" ON "csr_documents" USING btree ("supersedes_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_property_number_idx" ON "customer_property" USING btree ("number");--> statement-breakpoint
CREATE INDEX "customer_property_party_idx" ON "customer_property" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "customer_property_due_idx" ON "customer_property" USING btree ("next_verification_due");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_property_incidents_no_idx" ON "customer_property_incidents" USING btree ("property_id","no");