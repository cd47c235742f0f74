CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" text NOT NULL,
	"spec" text,
	"name_zh" text NOT NULL,
	"name_en" text,
	"in_bom" boolean DEFAULT false NOT NULL,
	"notes" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "order_clarifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid,
	"question" text NOT NULL,
	"contact_id" uuid,
	"channel" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"asked_by" uuid NOT NULL,
	"ask_communication_id" uuid,
	"answer" text,
	"decision" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"answer_communication_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "order_delivery_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"old_date" date NOT NULL,
	"new_date" date NOT NULL,
	"reason" text NOT NULL,
	"reason_note" text,
	"approved_by" uuid NOT NULL,
	"notify_communication_id" uuid NOT NULL,
	"customer_ack_at" timestamp with time zone,
	"ack_communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "order_delivery_dates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"planned_date" date NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid,
	"model" text NOT NULL,
	"spec" text,
	"quantity" integer NOT NULL,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"requested_date" date NOT NULL,
	"use" text,
	"quality_standard" text,
	"hsf_requirement" text,
	"special_requirements" text,
	"acceptance_basis" text DEFAULT 'standard' NOT NULL,
	"unit_price" numeric(18, 6),
	"currency" text DEFAULT 'CNY' NOT NULL,
	"unclear" boolean DEFAULT false NOT NULL,
	"unclear_note" text,
	"voided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "order_lines_quantity_positive" CHECK ("order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "order_shipments_quantity_positive" CHECK ("order_shipments"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"number" text NOT NULL,
	"party_id" uuid NOT NULL,
	"customer_po" text,
	"form" text NOT NULL,
	"order_date" date NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"receiver_id" uuid NOT NULL,
	"contact_id" uuid,
	"notes" text,
	"written_order_on_file" boolean DEFAULT false NOT NULL,
	"written_order_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"written_order_at" timestamp with time zone,
	"requirements_confirmed_at" timestamp with time zone,
	"requirements_confirmation_id" uuid,
	"acceptance_confirmed_at" timestamp with time zone,
	"acceptance_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_waiver_at" timestamp with time zone,
	"review_waiver_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_waiver_note" text,
	"type" text NOT NULL,
	"computed_type" text NOT NULL,
	"classification_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override_reason" text,
	"overridden_by" uuid,
	"overridden_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "orders_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "order_clarifications" ADD CONSTRAINT "order_clarifications_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_clarifications" ADD CONSTRAINT "order_clarifications_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_clarifications" ADD CONSTRAINT "order_clarifications_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_delivery_changes" ADD CONSTRAINT "order_delivery_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_delivery_changes" ADD CONSTRAINT "order_delivery_changes_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_delivery_dates" ADD CONSTRAINT "order_delivery_dates_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_delivery_dates" ADD CONSTRAINT "order_delivery_dates_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipments" ADD CONSTRAINT "order_shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_shipments" ADD CONSTRAINT "order_shipments_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_model_active_idx" ON "products" USING btree (upper("model")) WHERE voided_at is null;--> statement-breakpoint
CREATE INDEX "products_model_idx" ON "products" USING btree ("model");--> statement-breakpoint
CREATE INDEX "order_clarifications_order_idx" ON "order_clarifications" USING btree ("order_id","status");--> statement-breakpoint
CREATE INDEX "order_delivery_changes_order_idx" ON "order_delivery_changes" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_delivery_dates_line_idx" ON "order_delivery_dates" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "order_delivery_dates_order_idx" ON "order_delivery_dates" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE INDEX "order_lines_model_idx" ON "order_lines" USING btree ("model");--> statement-breakpoint
CREATE INDEX "order_shipments_order_idx" ON "order_shipments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_idx" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_party_idx" ON "orders" USING btree ("party_id","received_at");--> statement-breakpoint
CREATE INDEX "orders_party_po_idx" ON "orders" USING btree ("party_id","customer_po");