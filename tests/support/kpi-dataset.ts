import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db/client.js';

/**
 * Every shipped KPI computed on a hand-built dataset with known answers (September and October 2025, around
 * 国庆: 10/1–10/8 off, Sat 10/11 worked). Records are written with the times they happened, so the answers do
 * not depend on today. Working time: 08:00–12:00, 13:30–17:30 (the site default).
 */
const at = (local: string) => new Date(`${local}:00+08:00`);

export async function buildKpiDataset(db: Db, adminId: string, A: string, B: string, contactA: string, contactB: string) {
  const x = (q: ReturnType<typeof sql>) => db.execute(q);
  // ---- complaints: received, acknowledged, failure mode, defective parts; their instances and clocks
  const complaint = async (n: string, party: string, received: string, ack: string | null, mode: string, defective: number) => {
    const [c] = await rows<{ id: string }>(
      db,
      sql`insert into complaints (number, party_id, channel, received_at, receiver_id, model, defective_quantity, description, failure_mode, acknowledged_at)
          values (${n}, ${party}, 'email', ${at(received)}, ${adminId}, 'M-1', ${defective}, 'x', ${mode}, ${ack ? at(ack) : null}) returning id`,
    );
    const [i] = await rows<{ id: string }>(
      db,
      sql`insert into procedure_instances (ref_type, ref_id, procedure_id, procedure_version, state, started_at) values ('complaint', ${c!.id}, 'complaint', 1, 'x', ${at(received)}) returning id`,
    );
    return { id: c!.id, instance: i!.id };
  };
  const clock = (instance: string, ref: string, step: string, started: string, due: string, stopped: string | null) =>
    x(sql`insert into clocks (owner_type, owner_id, step_id, ref_type, ref_id, deadline_amount, deadline_unit, started_at, due_at, calendar_version, status, stopped_at)
          values ('procedure', ${instance}, ${step}, 'complaint', ${ref}, 1, 'workingDays', ${at(started)}, ${at(due)}, 'test', ${stopped ? 'stopped' : 'running'}, ${stopped ? at(stopped) : null})`);
  // C1: received the evening before 国庆, acknowledged on the first working day after it — 3.5 working hours
  const c1 = await complaint('CC-2025-1', A, '2025-09-30T16:00', '2025-10-09T10:00', 'crack', 10);
  await clock(c1.instance, c1.id, 'acknowledge', '2025-09-30T16:00', '2025-10-09T18:00', '2025-10-09T10:00');
  // its D3 ran 3 working days late: due Fri 10/10, done Tue 10/14 (Sat 10/11 is a working day)
  await clock(c1.instance, c1.id, 'd3-containment', '2025-10-09T10:00', '2025-10-10T10:00', '2025-10-14T10:00');
  // C2: 30.5 working hours to acknowledge — late; the same customer and failure mode as C1 (C1 repeats it)
  const c2 = await complaint('CC-2025-2', A, '2025-09-02T09:00', '2025-09-05T17:00', 'Crack ', 5);
  await clock(c2.instance, c2.id, 'acknowledge', '2025-09-02T09:00', '2025-09-03T09:00', '2025-09-05T17:00');
  // C3: on time everywhere; another customer with "crack" is no repeat
  const c3 = await complaint('CC-2025-3', B, '2025-09-10T10:00', '2025-09-10T15:00', 'crack', 20);
  await clock(c3.instance, c3.id, 'acknowledge', '2025-09-10T10:00', '2025-09-11T10:00', '2025-09-10T15:00');
  await clock(c3.instance, c3.id, 'd4-root-cause', '2025-09-11T10:00', '2025-09-25T10:00', '2025-09-20T10:00');
  // C4: never acknowledged, its clock still running past due
  const c4 = await complaint('CC-2025-4', B, '2025-10-20T10:00', null, 'burr', 0);
  await clock(c4.instance, c4.id, 'acknowledge', '2025-10-20T10:00', '2025-10-21T10:00', null);

  // ---- enquiries: the 'received' step of procedures/enquiry
  const enquiry = async (party: string, subject: string, entered: string, left: string) => {
    const [cm] = await rows<{ id: string }>(
      db,
      sql`insert into communications (party_id, channel, direction, occurred_at, our_user_id, subject, content) values (${party}, 'email', 'in', ${at(entered)}, ${adminId}, ${subject}, 'q') returning id`,
    );
    const [i] = await rows<{ id: string }>(
      db,
      sql`insert into procedure_instances (ref_type, ref_id, procedure_id, procedure_version, state, started_at) values ('communication', ${cm!.id}, 'enquiry', 1, 'answered', ${at(entered)}) returning id`,
    );
    await x(sql`insert into procedure_step_visits (instance_id, step_id, entered_at, left_at) values (${i!.id}, 'received', ${at(entered)}, ${at(left)})`);
  };
  await enquiry(A, 'E1 询价', '2025-09-30T17:00', '2025-10-09T11:00'); // 0.5 + 3 = 3.5 working hours
  await enquiry(B, 'E2 询价', '2025-09-15T09:00', '2025-09-19T09:00'); // 32 working hours

  // ---- orders: review lead time, the delivery plan and its change, shipments, reconfirmation
  const order = async (n: string, party: string, received: string, reviewed: string) => {
    const [o] = await rows<{ id: string }>(
      db,
      sql`insert into orders (number, party_id, form, order_date, received_at, receiver_id, type, computed_type, reviewed_at) values (${n}, ${party}, 'written', ${received.slice(0, 10)}, ${at(received)}, ${adminId}, 'contract', 'contract', ${at(reviewed)}) returning id`,
    );
    const [i] = await rows<{ id: string }>(
      db,
      sql`insert into procedure_instances (ref_type, ref_id, procedure_id, procedure_version, state, started_at) values ('order', ${o!.id}, 'order', 1, 'shipped', ${at(received)}) returning id`,
    );
    return { id: o!.id, instance: i!.id };
  };
  const line = async (orderId: string, qty: number, requested: string, planned: string) => {
    const [l] = await rows<{ id: string }>(
      db,
      sql`insert into order_lines (order_id, line_no, model, quantity, requested_date) values (${orderId}, 1, 'M-1', ${qty}, ${requested}) returning id`,
    );
    await x(sql`insert into order_delivery_dates (order_id, line_id, planned_date, revision) values (${orderId}, ${l!.id}, ${planned}, 1)`);
    return l!.id;
  };
  const [note] = await rows<{ id: string }>(db, sql`select id from communications limit 1`);
  // O1: received Mon 9/1, reviewed Wed 9/3 → 2 working days; agreed 9/20, moved to 9/26 (capacity: ours); shipped 9/25; reconfirmed 9/24
  const o1 = await order('SO-2025-0001', A, '2025-09-01T09:00', '2025-09-03T15:00');
  const l1 = await line(o1.id, 1000, '2025-09-20', '2025-09-26');
  await x(
    sql`insert into order_delivery_changes (order_id, line_id, revision, old_date, new_date, reason, approved_by, notify_communication_id) values (${o1.id}, ${l1}, 2, '2025-09-20', '2025-09-26', 'capacity', ${adminId}, ${note!.id})`,
  );
  await x(sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${o1.id}, ${l1}, 1000, ${at('2025-09-25T10:00')})`);
  await x(
    sql`insert into procedure_step_visits (instance_id, step_id, entered_at, left_at) values (${o1.instance}, 'reconfirmation', ${at('2025-09-23T10:00')}, ${at('2025-09-24T10:00')})`,
  );
  // O2: received Mon 9/29, reviewed Fri 10/10 → 9/30, 10/9, 10/10 = 3 working days; agreed 10/15, shipped 10/16; never reconfirmed
  const o2 = await order('SO-2025-0002', B, '2025-09-29T09:00', '2025-10-10T11:00');
  const l2 = await line(o2.id, 4000, '2025-10-15', '2025-10-15');
  await x(sql`insert into order_shipments (order_id, line_id, quantity, shipped_at) values (${o2.id}, ${l2}, 4000, ${at('2025-10-16T10:00')})`);

  // ---- action items: quotation follow-ups and an 8D action
  const action = async (src: string, purpose: string | null, title: string, due: string, done: string | null, verified?: [string, string]) => {
    const [a] = await rows<{ id: string }>(
      db,
      sql`insert into action_items (source_type, source_id, title, owner_id, department, due_date, status, completed_at, purpose, verified_at, verification_result)
          values (${src}, ${src === 'complaint' ? c3.id : '00000000-0000-4000-8000-000000000001'}, ${title}, ${adminId}, 'sales', ${due}, ${verified ? 'verified' : done ? 'done' : 'open'}, ${done ? at(done) : null}, ${purpose},
                  ${verified ? at(verified[0]) : null}, ${verified ? verified[1] : null}) returning id`,
    );
    return a!.id;
  };
  await action('quotation', 'quotation.follow-up', 'Q1 跟进', '2025-09-10', '2025-09-10T10:00', ['2025-09-20T10:00', 'not-effective']);
  await action('quotation', 'quotation.follow-up', 'Q2 跟进', '2025-09-12', '2025-09-15T10:00');
  await action('quotation', 'quotation.follow-up', 'Q3 跟进', '2025-10-20', null);
  await action('complaint', null, 'A4 8D 措施', '2025-09-30', '2025-09-29T10:00', ['2025-10-05T10:00', 'effective']);

  // ---- a survey: two recipients, one answer (quality 5, delivery 3, recommend 9, index 80)
  const [tpl] = await rows<{ id: string }>(
    db,
    sql`insert into survey_templates (key, revision, title, intro, dimensions, recommend_question, comments_question, low_score_threshold, index_target, action_due_working_days)
        values ('t', 1, '{"zh":"t","en":"t"}', '{"zh":"t","en":"t"}', '[]', '{"zh":"t","en":"t"}', '{"zh":"t","en":"t"}', 2, 80, 5) returning id`,
  );
  const [k] = await rows<{ id: string }>(
    db,
    sql`insert into survey_campaigns (number, title, template_id, period_from, period_to, sent_at, response_deadline, reminder_after_working_days, owner_id)
        values ('SV-2025-1', 'Q3', ${tpl!.id}, '2025-07-01', '2025-09-30', ${at('2025-09-01T10:00')}, '2025-09-30', 5, ${adminId}) returning id`,
  );
  const [ra] = await rows<{ id: string }>(
    db,
    sql`insert into survey_recipients (campaign_id, party_id, contact_id, language, token_hash, expires_at, sent_at, responded_at) values (${k!.id}, ${A}, ${contactA}, 'zh-CN', 'a', ${at('2025-10-30T10:00')}, ${at('2025-09-01T10:00')}, ${at('2025-09-10T10:00')}) returning id`,
  );
  await x(
    sql`insert into survey_recipients (campaign_id, party_id, contact_id, language, token_hash, expires_at, sent_at) values (${k!.id}, ${B}, ${contactB}, 'zh-CN', 'b', ${at('2025-10-30T10:00')}, ${at('2025-09-01T10:00')})`,
  );
  await x(
    sql`insert into survey_responses (campaign_id, recipient_id, party_id, source, responded_at, scores, recommend, satisfaction_index) values (${k!.id}, ${ra!.id}, ${A}, 'link', ${at('2025-09-10T10:00')}, '{"quality":5,"delivery":3}', 9, 80)`,
  );
  return { c1, c2, c3, c4, o1, o2 };
}
