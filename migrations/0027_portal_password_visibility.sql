ALTER TABLE "portal_access" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "password_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "totp_secret_enc" text;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "totp_pending_enc" text;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "failed_sign_ins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_access" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "show_report" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "show_surveys" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "show_visits" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD COLUMN "allow_uploads" boolean DEFAULT true NOT NULL;