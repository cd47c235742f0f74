ALTER TABLE "orders" ADD COLUMN "review_meeting_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "review_meeting_attendees" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "review_meeting_minutes" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "review_meeting_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;