CREATE TABLE "customer_segments" (
	"party_id" uuid PRIMARY KEY NOT NULL,
	"abc_class" text,
	"recency_score" integer,
	"frequency_score" integer,
	"monetary_score" integer,
	"high_value" boolean DEFAULT false NOT NULL,
	"order_count" integer DEFAULT 0 NOT NULL,
	"last_order_date" date,
	"revenue" numeric(20, 2) DEFAULT '0' NOT NULL,
	"currency" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"cadence_days" integer NOT NULL,
	"rules_version" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "customer_segments" ADD CONSTRAINT "customer_segments_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_segments_abc_idx" ON "customer_segments" USING btree ("abc_class");--> statement-breakpoint
CREATE INDEX "customer_segments_high_value_idx" ON "customer_segments" USING btree ("high_value");