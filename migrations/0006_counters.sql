CREATE TABLE "counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
