CREATE TABLE "mail_incoming" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"uid_validity" bigint NOT NULL,
	"uid" integer NOT NULL,
	"message_id" text,
	"from_address" text DEFAULT '' NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"text_body" text DEFAULT '' NOT NULL,
	"html_body" text,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"party_id" uuid,
	"communication_id" uuid,
	"ref_type" text,
	"ref_id" text,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolved_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mail_mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"imap_host" text NOT NULL,
	"imap_port" integer DEFAULT 993 NOT NULL,
	"imap_security" text DEFAULT 'tls' NOT NULL,
	"imap_user" text NOT NULL,
	"imap_password_enc" text,
	"department_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"uid_validity" bigint,
	"last_uid" integer DEFAULT 0 NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"party_id" uuid,
	"contact_id" uuid,
	"ref_type" text,
	"ref_id" text,
	"department_id" uuid,
	"from_address" text NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"to_address" text NOT NULL,
	"to_name" text DEFAULT '' NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"template_key" text,
	"template_revision" integer,
	"secrets_enc" text,
	"message_id" text NOT NULL,
	"in_reply_to" text,
	"references" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"last_error_code" text,
	"sent_at" timestamp with time zone,
	"communication_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mail_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"smtp_host" text DEFAULT '' NOT NULL,
	"smtp_port" integer DEFAULT 587 NOT NULL,
	"smtp_security" text DEFAULT 'starttls' NOT NULL,
	"smtp_user" text DEFAULT '' NOT NULL,
	"smtp_password_enc" text,
	"from_address" text DEFAULT '' NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"senders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"signature" jsonb DEFAULT '{"zh":"","en":""}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "mail_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"revision" integer NOT NULL,
	"subject" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "run_after" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_incoming_uid_idx" ON "mail_incoming" USING btree ("mailbox_id","uid_validity","uid");--> statement-breakpoint
CREATE INDEX "mail_incoming_message_id_idx" ON "mail_incoming" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mail_incoming_triage_idx" ON "mail_incoming" USING btree ("created_at") WHERE status = 'triage';--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_message_id_idx" ON "mail_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mail_messages_ref_idx" ON "mail_messages" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "mail_messages_status_idx" ON "mail_messages" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_templates_key_rev_idx" ON "mail_templates" USING btree ("key","revision");