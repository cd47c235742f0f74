CREATE TABLE "cutting_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"material" text NOT NULL,
	"cutting_spec" text NOT NULL,
	"required_date" date NOT NULL,
	"vendor_delivery_date" date,
	"vendor_confirmed_at" timestamp with time zone,
	"vendor_confirmation_note" text,
	"notes" text,
	"received_quantity" integer,
	"received_at" timestamp with time zone,
	"received_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "cutting_sheets_quantity_positive" CHECK ("cutting_sheets"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "parties" ADD COLUMN "scope" text;--> statement-breakpoint
ALTER TABLE "cutting_sheets" ADD CONSTRAINT "cutting_sheets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cutting_sheets" ADD CONSTRAINT "cutting_sheets_line_id_order_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cutting_sheets" ADD CONSTRAINT "cutting_sheets_vendor_id_parties_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cutting_sheets_number_idx" ON "cutting_sheets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "cutting_sheets_order_idx" ON "cutting_sheets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "cutting_sheets_vendor_idx" ON "cutting_sheets" USING btree ("vendor_id");