CREATE TABLE "price_pending" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"model" text NOT NULL,
	"description" text,
	"order_id" uuid,
	"started_on" date NOT NULL,
	"quotation_id" uuid,
	"customer_po" text,
	"po_received_on" date,
	"closed_at" timestamp with time zone,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "quotation_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quotation_id" uuid NOT NULL,
	"communication_id" uuid NOT NULL,
	"followed_at" timestamp with time zone NOT NULL,
	"due_date" date,
	"on_time" boolean NOT NULL,
	"channel" text NOT NULL,
	"content" text NOT NULL,
	"result" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "quotation_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quotation_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid,
	"model" text NOT NULL,
	"description" text,
	"quantity" integer,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"unit_price" numeric(18, 6) NOT NULL,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"discount" numeric(6, 3),
	"cost" numeric(18, 6),
	"voided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "quotation_lines_price_positive" CHECK ("quotation_lines"."unit_price" > 0)
);
--> statement-breakpoint
CREATE TABLE "quotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"number" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"previous_id" uuid,
	"party_id" uuid NOT NULL,
	"contact_id" uuid,
	"request_communication_id" uuid,
	"request_at" timestamp with time zone NOT NULL,
	"salesperson_id" uuid NOT NULL,
	"issue_date" date NOT NULL,
	"valid_until" date NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"terms" text,
	"notes" text,
	"price_change_reason" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"sent_communication_id" uuid,
	"follow_up_due" date,
	"follow_up_count" integer DEFAULT 0 NOT NULL,
	"result" text,
	"result_reason" text,
	"result_at" timestamp with time zone,
	"order_id" uuid,
	"voided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "quotations_seq_unique" UNIQUE("seq"),
	CONSTRAINT "quotations_validity" CHECK ("quotations"."valid_until" >= "quotations"."issue_date")
);
--> statement-breakpoint
ALTER TABLE "price_pending" ADD CONSTRAINT "price_pending_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_pending" ADD CONSTRAINT "price_pending_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "public"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotation_follow_ups" ADD CONSTRAINT "quotation_follow_ups_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "public"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotation_lines" ADD CONSTRAINT "quotation_lines_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "public"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotation_lines" ADD CONSTRAINT "quotation_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotations" ADD CONSTRAINT "quotations_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotations" ADD CONSTRAINT "quotations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_pending_party_idx" ON "price_pending" USING btree ("party_id","closed_at");--> statement-breakpoint
CREATE INDEX "quotation_follow_ups_quotation_idx" ON "quotation_follow_ups" USING btree ("quotation_id","followed_at");--> statement-breakpoint
CREATE INDEX "quotation_lines_quotation_idx" ON "quotation_lines" USING btree ("quotation_id","line_no");--> statement-breakpoint
CREATE INDEX "quotation_lines_model_idx" ON "quotation_lines" USING btree ("model");--> statement-breakpoint
CREATE UNIQUE INDEX "quotations_number_revision_idx" ON "quotations" USING btree ("number","revision");--> statement-breakpoint
CREATE INDEX "quotations_party_idx" ON "quotations" USING btree ("party_id","issue_date");--> statement-breakpoint
CREATE INDEX "quotations_follow_up_idx" ON "quotations" USING btree ("follow_up_due");