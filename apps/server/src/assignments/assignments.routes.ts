import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../http/authenticate.js';
import { Id, IdParam, NoContent, named, ref } from '../http/schemas.js';

const tags = ['assignments'];
const Kind = Type.Union([Type.Literal('annotate'), Type.Literal('review')]);
const Assignment = Type.Object({
  userId: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  kind: Kind,
  createdAt: Type.String({ format: 'date-time' }),
});
const Candidate = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  otherCollections: Type.Integer({ description: 'collections the annotator already annotates' }),
  reason: Type.String({ description: 'the expertise that decided, in words' }),
});
const AutoAssignment = named(
  'AutoAssignment',
  Type.Object({
    requirement: Type.Union([Type.String(), Type.Null()], {
      description: "the template's required expertise, in words; null when it requires none",
    }),
    assigned: Type.Array(Candidate),
    passedOver: Type.Array(Candidate, {
      description: 'annotators (at most 50) whose expertise does not meet the requirement',
    }),
    spread: Type.Object({
      images: Type.Integer(),
      readersPerImage: Type.Integer(),
      annotators: Type.Integer(),
      imagesPerAnnotator: Type.Integer({
        description: 'images each annotator reads at most when the work is shared evenly',
      }),
    }),
    assignments: Type.Array(Assignment),
  }),
);
const UserInCollection = Type.Object({
  id: Id(),
  userId: Id(),
});

export const assignmentsRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const assignments = app.services.assignments;

  app.get(
    '/api/collections/:id/assignments',
    {
      schema: {
        operationId: 'listAssignments',
        tags,
        params: IdParam,
        response: { 200: Type.Array(Assignment) },
      },
    },
    (request) => assignments.list(actorOf(request), request.params.id),
  );

  app.put(
    '/api/collections/:id/assignments/:userId',
    {
      schema: {
        operationId: 'assignUser',
        tags,
        params: UserInCollection,
        body: Type.Object({ kind: Kind }, { additionalProperties: false }),
        response: { 200: Type.Array(Assignment) },
      },
    },
    (request) =>
      assignments.assign(
        actorOf(request),
        request.params.id,
        request.params.userId,
        request.body.kind,
      ),
  );

  app.delete(
    '/api/collections/:id/assignments/:userId',
    {
      schema: {
        operationId: 'unassignUser',
        tags,
        params: UserInCollection,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await assignments.unassign(actorOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/collections/:id/assignments/auto',
    {
      schema: {
        operationId: 'autoAssign',
        summary:
          "Assign annotators whose expertise meets the template's requirement, least loaded first",
        tags,
        params: IdParam,
        body: Type.Object(
          { count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: ref(AutoAssignment) },
      },
    },
    (request) => assignments.autoAssign(actorOf(request), request.params.id, request.body.count),
  );
  done();
};
