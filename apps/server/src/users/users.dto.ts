import { Type, type Static } from '@sinclair/typebox';
import { ExpertiseSchema, PASSWORD_RULE } from '@medlabel/schema';
import { named } from '../http/schemas.js';

export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('researcher'),
  Type.Literal('reviewer'),
  Type.Literal('annotator'),
]);

const Email = Type.String({ format: 'email', maxLength: 254 });
// The policy is checked by the service (422 naming the rule), not here (400).
const Password = Type.String({ minLength: 1, maxLength: 256, description: PASSWORD_RULE });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const UserSchema = named(
  'User',
  Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    active: Type.Boolean(),
    expertise: Type.Array(ExpertiseSchema),
    createdAt: Type.String({ format: 'date-time' }),
  }),
);
export type User = Static<typeof UserSchema>;

export const CreateUserSchema = Type.Object(
  {
    email: Email,
    name: Name,
    password: Password,
    role: RoleSchema,
    expertise: Type.Optional(Type.Array(ExpertiseSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUserSchema>;

export const UpdateUserSchema = Type.Object(
  {
    name: Type.Optional(Name),
    password: Type.Optional(Password),
    currentPassword: Type.Optional(
      Type.String({ maxLength: 256, description: 'required to change your own password' }),
    ),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
    expertise: Type.Optional(Type.Array(ExpertiseSchema, { maxItems: 50 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUser = Static<typeof UpdateUserSchema>;
