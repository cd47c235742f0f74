CREATE TABLE "complaint_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"model" text NOT NULL,
	"lot" text,
	"delivered_quantity" integer,
	"defective_quantity" integer NOT NULL,
	"returned_quantity" integer,
	"order_id" uuid,
	"order_line_id" uuid,
	"shipment_id" uuid,
	"voided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "complaint_lines_quantities" CHECK ("complaint_lines"."defective_quantity" >= 0 and ("complaint_lines"."delivered_quantity" is null or "complaint_lines"."defective_quantity" <= "complaint_lines"."delivered_quantity") and ("complaint_lines"."returned_quantity" is null or "complaint_lines"."returned_quantity" >= 0))
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "emergency" jsonb;--> statement-breakpoint
ALTER TABLE "complaint_lines" ADD CONSTRAINT "complaint_lines_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_lines" ADD CONSTRAINT "complaint_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_lines" ADD CONSTRAINT "complaint_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_lines" ADD CONSTRAINT "complaint_lines_shipment_id_order_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."order_shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_lines_complaint_idx" ON "complaint_lines" USING btree ("complaint_id","line_no");--> statement-breakpoint
CREATE INDEX "complaint_lines_order_idx" ON "complaint_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "complaint_lines_order_line_idx" ON "complaint_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "complaint_lines_model_lot_idx" ON "complaint_lines" USING btree ("model","lot");--> statement-breakpoint
-- every complaint so far gets its one line from the model, lot and quantities it was entered with
INSERT INTO "complaint_lines" ("complaint_id", "line_no", "model", "lot", "delivered_quantity", "defective_quantity", "created_by", "updated_by")
SELECT "id", 1, "model", "lot", "delivered_quantity", "defective_quantity", "created_by", "created_by" FROM "complaints";
--> statement-breakpoint
-- a closed complaint's lines are read-only in the database too (see 0019_closed_records.sql)
CREATE TRIGGER complaint_lines_closed BEFORE UPDATE OR DELETE ON complaint_lines FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('complaint', 'complaint_id');
