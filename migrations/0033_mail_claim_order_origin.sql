ALTER TABLE "orders" ADD COLUMN "origin_communication_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_origin_communication_idx" ON "orders" USING btree ("origin_communication_id") WHERE origin_communication_id is not null and voided_at is null;