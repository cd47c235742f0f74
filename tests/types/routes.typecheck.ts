/**
 * Checked by `tsc` (npm run typecheck, CI), never run: a route table's types hold the web's calls and the server's
 * registrations to the contracts. Each `@ts-expect-error` below is a mistake the type check must refuse — if one of
 * them stopped being an error, tsc would fail on the unused directive.
 */
import { z } from 'zod';
import { call } from '../../web/src/api/call.js';
import { visitRoutes } from '../../contracts/visits.routes.js';
import { actionRoutes } from '../../contracts/actions.routes.js';
import { meetingRoutes } from '../../contracts/meetings.routes.js';
import { communicationRoutes } from '../../contracts/communications.routes.js';
import { notificationRoutes } from '../../contracts/notifications.routes.js';
import { mailRoutes } from '../../contracts/mail.routes.js';
import { implement } from '../../server/platform/http/routes.js';
import type { App } from '../../server/platform/http/types.js';
import { IdParams } from '../../contracts/common.js';
import { Visit, VisitList, VisitListQuery } from '../../contracts/visits.js';
import { ActionItem } from '../../contracts/actions.js';

export async function webCalls() {
  const visit = await call(visitRoutes.get, { params: { id: 'x' } });
  const number: string = visit.number;
  // @ts-expect-error the path parameter is required
  await call(visitRoutes.get, {});
  // @ts-expect-error a field the contract does not have
  const wrong: string = visit.noSuchField;
  // @ts-expect-error the body must be the contract's (a finding needs its fields)
  await call(visitRoutes.addFinding, { params: { id: 'x' }, body: { nothing: 1 } });
  const page = await call(visitRoutes.list, { query: { direction: 'incoming' } });
  const action = await call(actionRoutes.claim, { params: { id: 'x' }, body: { version: 1 } });
  // @ts-expect-error claiming needs the version read
  await call(actionRoutes.claim, { params: { id: 'x' }, body: {} });
  // @ts-expect-error the list's query is the contract's (an action's status, not any word)
  await call(actionRoutes.list, { query: { status: 'nonsense' } });
  const series = await call(meetingRoutes.listSeries);
  // @ts-expect-error distributing the minutes needs the version read
  await call(meetingRoutes.distribute, { params: { id: 'x' }, body: {} });
  // @ts-expect-error a meeting's path parameter is required
  await call(meetingRoutes.acknowledge);
  const logged = await call(communicationRoutes.get, { params: { id: 'x' } });
  // @ts-expect-error logging a communication needs its customer, channel, direction, time and content
  await call(communicationRoutes.create, { body: { subject: 'a call' } });
  // @ts-expect-error voiding needs the version read and the reason
  await call(communicationRoutes.void, { params: { id: 'x' }, body: {} });
  // @ts-expect-error the list's query is the contract's (a channel, not any word)
  await call(communicationRoutes.list, { query: { channel: 'pigeon' } });
  const bell = await call(notificationRoutes.list);
  // @ts-expect-error marking a notification read needs its id
  await call(notificationRoutes.markRead);
  // @ts-expect-error the unread count is a number, not a list
  const unread: string[] = bell.unread;
  const queue = await call(mailRoutes.queue, { query: { status: 'failed', limit: 200 } });
  // @ts-expect-error the mail queue's status is the contract's (queued, sending, sent, failed), not any word
  await call(mailRoutes.queue, { query: { status: 'lost' } });
  // @ts-expect-error a record's mail needs both the record's type and its id
  await call(mailRoutes.recordMails, { params: { type: 'order' } });
  // @ts-expect-error a template is revised by its key, one of the known templates
  await call(mailRoutes.updateTemplate, { params: { key: 'no-such-template' }, body: { revision: 1, subject: { zh: '', en: '' }, body: { zh: '', en: '' } } });
  return [number, wrong, page.items.length, action.status, series.items.length, logged.channel, unread, queue.items.length];
}

export function serverRegistrations(app: App) {
  const config = { access: { permission: 'visits.read' as const } };
  implement(app, visitRoutes.get, { tags: [], summary: '', config, schemas: { params: IdParams, response: Visit } }, async () => ({}) as z.input<typeof Visit>);
  // prettier-ignore
  // @ts-expect-error the response contract differs from the route table's
  implement(app, visitRoutes.get, { tags: [], summary: '', config, schemas: { params: IdParams, response: ActionItem } }, async () => ({}) as z.input<typeof Visit>);
  // @ts-expect-error the list's query contract is missing
  implement(app, visitRoutes.list, { tags: [], summary: '', config, schemas: { response: VisitList } }, async () => ({}) as z.input<typeof VisitList>);
  implement(app, visitRoutes.list, { tags: [], summary: '', config, schemas: { querystring: VisitListQuery, response: VisitList } }, async (request) => {
    const direction: 'incoming' | 'outgoing' | undefined = request.query.direction;
    // @ts-expect-error the handler's query is typed by the contract (an optional enum, not a number)
    const n: number = request.query.direction;
    return { items: [], direction, n };
  });
}
