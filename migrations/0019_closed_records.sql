-- Closed records are immutable in the database as well as in the API (ISO 9001 7.5.3): a complaint or an order whose
-- procedures have all ended, the minutes of a meeting once distributed, a customer's survey answers. The transaction
-- that closes a record may still write it (the closing step's own effects); a declared maintenance operation (restore,
-- PIPL anonymisation) sets `accord.maintenance` for its transaction. The error's SQLSTATE AC409 is answered 409 RECORD_CLOSED.
CREATE OR REPLACE FUNCTION accord_closed_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rec_type text := TG_ARGV[0];
  rec_id text := to_jsonb(OLD) ->> TG_ARGV[1];
BEGIN
  IF coalesce(current_setting('accord.maintenance', true), '') = 'on' THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  IF EXISTS (
       SELECT 1 FROM procedure_instances i
       WHERE i.ref_type = rec_type AND i.ref_id = rec_id AND i.status = 'closed'
         -- closed by an earlier transaction, not by this one
         AND i.xmin::text::bigint <> (pg_current_xact_id()::text::bigint % 4294967296))
     AND NOT EXISTS (SELECT 1 FROM procedure_instances o WHERE o.ref_type = rec_type AND o.ref_id = rec_id AND o.status = 'open') THEN
    RAISE EXCEPTION 'the % % is closed: its record is read-only', rec_type, rec_id USING ERRCODE = 'AC409';
  END IF;
  RETURN coalesce(NEW, OLD);
END $$;
--> statement-breakpoint
CREATE TRIGGER complaints_closed BEFORE UPDATE OR DELETE ON complaints FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('complaint', 'id');
--> statement-breakpoint
CREATE TRIGGER complaint_containment_closed BEFORE UPDATE OR DELETE ON complaint_containment FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('complaint', 'complaint_id');
--> statement-breakpoint
CREATE TRIGGER complaint_confirmations_closed BEFORE UPDATE OR DELETE ON complaint_confirmations FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('complaint', 'complaint_id');
--> statement-breakpoint
CREATE TRIGGER complaint_returns_closed BEFORE UPDATE OR DELETE ON complaint_returns FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('complaint', 'complaint_id');
--> statement-breakpoint
CREATE TRIGGER orders_closed BEFORE UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'id');
--> statement-breakpoint
CREATE TRIGGER order_lines_closed BEFORE UPDATE OR DELETE ON order_lines FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
CREATE TRIGGER order_delivery_dates_closed BEFORE UPDATE OR DELETE ON order_delivery_dates FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
CREATE TRIGGER order_delivery_changes_closed BEFORE UPDATE OR DELETE ON order_delivery_changes FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
CREATE TRIGGER order_shipments_closed BEFORE UPDATE OR DELETE ON order_shipments FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('order', 'order_id');
--> statement-breakpoint
-- minutes once distributed: what was decided and sent stays as sent (acknowledgements are the participants' rows)
CREATE OR REPLACE FUNCTION accord_distributed_minutes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('accord.maintenance', true), '') = 'on' OR OLD.distributed_at IS NULL THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  IF TG_OP = 'DELETE' OR (NEW.title, NEW.held_at, NEW.place, NEW.chair_id, NEW.agenda, NEW.minutes, NEW.decisions, NEW.distributed_at)
     IS DISTINCT FROM (OLD.title, OLD.held_at, OLD.place, OLD.chair_id, OLD.agenda, OLD.minutes, OLD.decisions, OLD.distributed_at) THEN
    RAISE EXCEPTION 'the minutes of meeting % were distributed: they are read-only', OLD.id USING ERRCODE = 'AC409';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER meetings_distributed BEFORE UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION accord_distributed_minutes_guard();
--> statement-breakpoint
-- a customer's answers are what the customer said: a correction is recorded beside them, never over them
CREATE OR REPLACE FUNCTION accord_survey_answers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('accord.maintenance', true), '') = 'on' THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  IF TG_OP = 'DELETE' OR (NEW.campaign_id, NEW.recipient_id, NEW.party_id, NEW.source, NEW.responded_at, NEW.entered_by, NEW.scores, NEW.recommend, NEW.comments, NEW.satisfaction_index, NEW.low)
     IS DISTINCT FROM (OLD.campaign_id, OLD.recipient_id, OLD.party_id, OLD.source, OLD.responded_at, OLD.entered_by, OLD.scores, OLD.recommend, OLD.comments, OLD.satisfaction_index, OLD.low) THEN
    RAISE EXCEPTION 'survey response % is an answer as given: it is read-only', OLD.id USING ERRCODE = 'AC409';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER survey_responses_answered BEFORE UPDATE OR DELETE ON survey_responses FOR EACH ROW EXECUTE FUNCTION accord_survey_answers_guard();
