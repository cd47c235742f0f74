CREATE TABLE "kpi_dirty_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_order_months" (
	"order_id" uuid NOT NULL,
	"month" text NOT NULL,
	"party_id" uuid NOT NULL,
	"shipments" integer NOT NULL,
	"delivered" bigint NOT NULL,
	"on_time_first" integer NOT NULL,
	"on_time_last" integer NOT NULL,
	"first_shipped" integer NOT NULL,
	"reconfirmed" integer NOT NULL,
	CONSTRAINT "kpi_order_months_order_id_month_pk" PRIMARY KEY("order_id","month")
);
--> statement-breakpoint
CREATE TABLE "kpi_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"time_zone" text,
	"built_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "kpi_order_months_month_idx" ON "kpi_order_months" USING btree ("month","party_id");--> statement-breakpoint
-- hand-written: the triggers that mark an order's rollup rows out of date, in the writing transaction.
-- `on conflict do update` (not `do nothing`) takes the row lock, so a refresh that claims the mark waits for the writer.
CREATE OR REPLACE FUNCTION accord_kpi_mark_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  new_id text := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) ->> col END;
  old_id text := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) ->> col END;
BEGIN
  IF new_id IS NOT NULL THEN
    INSERT INTO kpi_dirty_orders (order_id) VALUES (new_id::uuid) ON CONFLICT (order_id) DO UPDATE SET marked_at = excluded.marked_at;
  END IF;
  IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN
    INSERT INTO kpi_dirty_orders (order_id) VALUES (old_id::uuid) ON CONFLICT (order_id) DO UPDATE SET marked_at = excluded.marked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_kpi_rollup AFTER UPDATE OF party_id, voided_at OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION accord_kpi_mark_order('id');
--> statement-breakpoint
CREATE TRIGGER order_shipments_kpi_rollup AFTER INSERT OR UPDATE OR DELETE ON order_shipments FOR EACH ROW EXECUTE FUNCTION accord_kpi_mark_order('order_id');
--> statement-breakpoint
CREATE TRIGGER order_delivery_dates_kpi_rollup AFTER INSERT OR UPDATE OR DELETE ON order_delivery_dates FOR EACH ROW EXECUTE FUNCTION accord_kpi_mark_order('order_id');
--> statement-breakpoint
CREATE TRIGGER order_delivery_changes_kpi_rollup AFTER INSERT OR UPDATE OR DELETE ON order_delivery_changes FOR EACH ROW EXECUTE FUNCTION accord_kpi_mark_order('order_id');
--> statement-breakpoint
-- the reconfirmation step of an order's procedure (entered, left, removed)
CREATE OR REPLACE FUNCTION accord_kpi_mark_visit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'DELETE' AND NEW.step_id = 'reconfirmation') OR (TG_OP <> 'INSERT' AND OLD.step_id = 'reconfirmation') THEN
    INSERT INTO kpi_dirty_orders (order_id)
      SELECT i.ref_id::uuid FROM procedure_instances i
       WHERE i.id IN (CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.instance_id END, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.instance_id END)
         AND i.ref_type = 'order' AND i.ref_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      ON CONFLICT (order_id) DO UPDATE SET marked_at = excluded.marked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER procedure_step_visits_kpi_rollup AFTER INSERT OR UPDATE OR DELETE ON procedure_step_visits FOR EACH ROW EXECUTE FUNCTION accord_kpi_mark_visit_order();
