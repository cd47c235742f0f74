CREATE TABLE "order_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"delivery_address" text NOT NULL,
	"payment_method" text NOT NULL,
	"confirmed_by" text NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "order_statutory_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"item" text NOT NULL,
	"applicable" text NOT NULL,
	"evidence" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "order_statutory_items_applicable" CHECK ("order_statutory_items"."applicable" in ('yes', 'no', 'na'))
);
--> statement-breakpoint
CREATE TABLE "order_task_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"production_start" timestamp with time zone NOT NULL,
	"production_finish" timestamp with time zone NOT NULL,
	"instructions" text NOT NULL,
	"prepared_by" uuid NOT NULL,
	"prepared_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'awaiting-signature' NOT NULL,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"return_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "order_confirmations" ADD CONSTRAINT "order_confirmations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_statutory_items" ADD CONSTRAINT "order_statutory_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_task_sheets" ADD CONSTRAINT "order_task_sheets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_confirmations_order_idx" ON "order_confirmations" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_statutory_items_item_idx" ON "order_statutory_items" USING btree ("order_id","item");--> statement-breakpoint
CREATE UNIQUE INDEX "order_task_sheets_revision_idx" ON "order_task_sheets" USING btree ("order_id","revision");--> statement-breakpoint
-- hand-written: the order's new child rows are read-only once the order is closed, like its other rows (0019)
CREATE TRIGGER order_statutory_items_closed BEFORE UPDATE OR DELETE ON order_statutory_items FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
CREATE TRIGGER order_confirmations_closed BEFORE UPDATE OR DELETE ON order_confirmations FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
CREATE TRIGGER order_task_sheets_closed BEFORE UPDATE OR DELETE ON order_task_sheets FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
