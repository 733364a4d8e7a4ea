import { Type, type Static } from '@sinclair/typebox';
import type { ApiTokensTable } from '../db/tables.js';
import { named } from '../http/schemas.js';

/** How long a new API token lives unless its creator says otherwise, and the longest allowed. */
export const TOKEN_DAYS = { default: 90, max: 365 } as const;

export const ApiTokenSchema = named(
  'ApiToken',
  Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time', description: 'refused from then on' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'the last request it signed, to the minute; null when never used',
    }),
  }),
);
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreateApiTokenSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: TOKEN_DAYS.max,
        default: TOKEN_DAYS.default,
        description: 'days until the token is refused',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateApiToken = Static<typeof CreateApiTokenSchema>;

type ApiTokenRow = Pick<ApiTokensTable, 'name' | 'created_at' | 'expires_at' | 'last_used_at'> & {
  id: number;
};

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
