ALTER TABLE "mail_mailboxes" ADD COLUMN "watch_state" text;--> statement-breakpoint
ALTER TABLE "mail_mailboxes" ADD COLUMN "watch_error" text;--> statement-breakpoint
ALTER TABLE "mail_mailboxes" ADD COLUMN "watch_changed_at" timestamp with time zone;