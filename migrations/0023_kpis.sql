CREATE TABLE "kpi_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"party_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"cost" numeric(18, 2),
	"score" numeric(10, 2),
	"cause" text,
	"note" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kpi_id" text NOT NULL,
	"target" numeric(18, 4) NOT NULL,
	"warning" numeric(18, 4) NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "kpi_events" ADD CONSTRAINT "kpi_events_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_events_party_idx" ON "kpi_events" USING btree ("party_id","occurred_on");--> statement-breakpoint
CREATE INDEX "kpi_events_type_idx" ON "kpi_events" USING btree ("type","occurred_on");--> statement-breakpoint
CREATE INDEX "kpi_targets_kpi_idx" ON "kpi_targets" USING btree ("kpi_id","id");