import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';
import { PermissionKey } from './identity.js';

/**
 * API tokens for other systems (ERP, MES, BI) and scripts: `Authorization: Bearer <token>` on every `/api` route.
 * A token acts as the user behind it (a person's personal token, or a service user's token made by an
 * administrator), narrowed by its scopes: the scopes are permission keys — read/write per record type
 * (`orders.read`, `orders.write`…), and prices (`prices.read`) and contacts' personal data
 * (`contacts.personal.read`) as scopes of their own. The token's permissions are the user's AND its scopes.
 */
export const TOKEN_PREFIX = 'acc_';
export const ApiTokenKind = z.enum(['personal', 'service']);

export const ApiToken = z.object({
  id: Id,
  kind: ApiTokenKind,
  name: z.string(),
  userId: Id,
  userName: z.string(),
  /** the first characters of the secret, to recognise it (`acc_AbC1…`) */
  prefix: z.string(),
  scopes: z.array(PermissionKey),
  expiresAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  lastUsedIp: z.string().nullable(),
  createdAt: IsoDateTime,
  /** active, expired or revoked */
  state: z.enum(['active', 'expired', 'revoked']),
});
export type TApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = z.object({ items: z.array(ApiToken) });

export const CreatePersonalTokenRequest = z.object({
  name: Text().trim().min(1).max(80),
  scopes: z.array(PermissionKey).min(1).max(64),
  /** days until it expires: 1–366 */
  expiresInDays: z.int().min(1).max(366),
});
export const CreateServiceTokenRequest = CreatePersonalTokenRequest.extend({ userId: Id });

/** The secret appears in this answer only; the server keeps its SHA-256. */
export const CreatedApiToken = z.object({ token: ApiToken, secret: z.string() });
