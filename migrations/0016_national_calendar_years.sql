CREATE TABLE "national_calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"data_version" text NOT NULL,
	"source" jsonb NOT NULL,
	"days" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
