import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id, Ok, Version } from '../../contracts/common.js';
import {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEnvelope,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookWithSecret,
} from '../../contracts/webhooks.js';
import * as service from './webhooks.service.js';

const IdParams = z.object({ id: Id });
const tags = ['webhooks'];
const read = { access: { permission: 'users.admin' } } as const;
const write = { access: { permission: 'users.admin' }, record: { anyHolder: 'administration behind users.admin' } } as const;

export async function webhooksRoutes(app: App) {
  app.get(
    '/api/webhooks',
    { config: read, schema: { tags, summary: 'Webhook subscriptions and the events offered', response: { 200: WebhookSubscriptionList } } },
    async () => service.listSubscriptions(app.db),
  );
  app.post(
    '/api/webhooks',
    {
      config: write,
      schema: {
        tags,
        summary: 'Subscribe an address to events (the signing secret is shown once)',
        body: CreateWebhookRequest,
        response: { 200: WebhookWithSecret },
      },
    },
    async (request) => service.createSubscription(app.db, requireAuth(request), request.body),
  );
  app.put(
    '/api/webhooks/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a subscription; enabling it again resets its failure count',
        params: IdParams,
        body: UpdateWebhookRequest,
        response: { 200: WebhookSubscription },
      },
    },
    async (request) => service.updateSubscription(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/webhooks/:id/secret',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rotate the signing secret (shown once)',
        params: IdParams,
        body: z.object({ version: Version }),
        response: { 200: WebhookWithSecret },
      },
    },
    async (request) => service.rotateSecret(app.db, requireAuth(request), request.params.id, request.body.version),
  );
  app.post(
    '/api/webhooks/:id/test',
    { config: write, schema: { tags, summary: 'Send a webhook.test event to this subscription', params: IdParams, response: { 200: Ok } } },
    async (request) => service.sendTest(app.db, requireAuth(request), request.params.id),
  );
  app.get(
    '/api/webhooks/:id/deliveries',
    { config: read, schema: { tags, summary: 'The delivery log of a subscription (newest first)', params: IdParams, response: { 200: WebhookDeliveryList } } },
    async (request) => service.listDeliveries(app.db, request.params.id),
  );
  app.post(
    '/api/webhooks/deliveries/:id/replay',
    { config: write, schema: { tags, summary: 'Deliver an event again (same event id)', params: IdParams, response: { 200: WebhookDelivery } } },
    async (request) => service.replayDelivery(app.db, requireAuth(request), request.params.id),
  );
  // the payloads, documented in the OpenAPI document: what a receiver gets (not a route to call)
  app.get(
    '/api/webhooks/payload-schema',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The body of every webhook delivery (documentation): POSTed with X-Accord-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">, X-Accord-Event, X-Accord-Delivery',
        response: { 200: z.object({ example: WebhookEnvelope.nullable() }) },
      },
    },
    async () => ({ example: null }),
  );
}
