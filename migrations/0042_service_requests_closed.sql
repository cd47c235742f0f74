-- A closed (or cancelled) service request is read-only in the database as well as in the API, as a closed complaint or
-- order (0019_closed_records): the transaction that closes it may still write it (the confirmation), a declared
-- maintenance operation (restore, PIPL anonymisation) sets `accord.maintenance`. Answered 409 RECORD_CLOSED (AC409).
CREATE TRIGGER service_requests_closed BEFORE UPDATE OR DELETE ON service_requests FOR EACH ROW EXECUTE FUNCTION accord_closed_record_guard('service-request', 'id');
