CREATE TABLE "vendor_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"quality" integer NOT NULL,
	"delivery" integer NOT NULL,
	"cooperation" integer NOT NULL,
	"total" integer NOT NULL,
	"result" text NOT NULL,
	"sheets" integer NOT NULL,
	"sheets_on_time" integer NOT NULL,
	"comments" text,
	"evaluated_by" uuid NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendor_evaluations_scores" CHECK ("vendor_evaluations"."quality" between 0 and 100 and "vendor_evaluations"."delivery" between 0 and 100 and "vendor_evaluations"."cooperation" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "vendor_evaluations" ADD CONSTRAINT "vendor_evaluations_vendor_id_parties_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_evaluations" ADD CONSTRAINT "vendor_evaluations_evaluated_by_users_id_fk" FOREIGN KEY ("evaluated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vendor_evaluations_vendor_idx" ON "vendor_evaluations" USING btree ("vendor_id","period_to");