CREATE INDEX "communications_open_follow_up_idx" ON "communications" USING btree ("our_user_id","follow_up_due") WHERE "communications"."follow_up_due" is not null and "communications"."follow_up_done_at" is null and "communications"."voided_at" is null;--> statement-breakpoint
CREATE INDEX "action_items_due_idx" ON "action_items" USING btree ("due_date","seq");--> statement-breakpoint
CREATE INDEX "orders_received_idx" ON "orders" USING btree ("received_at","seq");--> statement-breakpoint
CREATE INDEX "quotations_request_idx" ON "quotations" USING btree ("request_at","seq");--> statement-breakpoint
CREATE INDEX "complaints_received_idx" ON "complaints" USING btree ("received_at","seq");