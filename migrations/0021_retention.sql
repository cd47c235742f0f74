CREATE TABLE "disposal_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"items" jsonb NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"reason" text NOT NULL,
	"placed_by" uuid NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "retention_rules" (
	"record_type" text PRIMARY KEY NOT NULL,
	"keep_years" integer NOT NULL,
	"counted_from" text NOT NULL,
	"basis" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "tombstones" (
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"title" text NOT NULL,
	"party_id" uuid,
	"since" timestamp with time zone NOT NULL,
	"disposed_at" timestamp with time zone NOT NULL,
	"batch_id" uuid NOT NULL,
	"rule" jsonb NOT NULL,
	CONSTRAINT "tombstones_ref_type_ref_id_pk" PRIMARY KEY("ref_type","ref_id")
);
--> statement-breakpoint
CREATE INDEX "legal_holds_ref_idx" ON "legal_holds" USING btree ("ref_type","ref_id");--> statement-breakpoint
-- default retention as the records procedure (质量记录管理程序) sets it; the company changes them on the Records page
INSERT INTO "retention_rules" ("record_type", "keep_years", "counted_from", "basis") VALUES
  ('order', 3, 'closed', '质量记录管理程序：订单、合同评审记录保存 3 年 · Records procedure: orders and contract reviews 3 years'),
  ('quotation', 3, 'closed', '质量记录管理程序：报价记录保存 3 年 · Records procedure: quotations 3 years'),
  ('complaint', 15, 'closed', '零件寿命（约 14 年）+ 1 年（IATF 16949 7.5.3.2.1）· Part life (about 14 years) + 1 year'),
  ('communication', 3, 'created', '质量记录管理程序：沟通记录保存 3 年 · Records procedure: communications 3 years'),
  ('visit', 3, 'closed', '质量记录管理程序：客户访问/审核记录保存 3 年 · Records procedure: visits and audits 3 years')
ON CONFLICT DO NOTHING;
