ALTER TABLE "process_questions" ADD COLUMN "order_id" uuid;--> statement-breakpoint
CREATE INDEX "process_questions_order_idx" ON "process_questions" USING btree ("order_id");