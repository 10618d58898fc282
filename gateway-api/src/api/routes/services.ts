import { formatInstant } from '@sla-ledger/chaincode/domain';
import { ServiceDefinition, ServiceFields } from '@sla-ledger/chaincode/schemas';
import { HandedCredentials } from '../credentials/handed-credentials';
import { HttpProblem } from '../problems';
import {
  defineRoute,
  type ChannelSource,
  type Reply,
  type Route,
  type RouteContext,
} from '../routing/route';
import { PageQuery, ServiceKeyParams, channelPath, pageBody, pageRequest } from './inputs';
import { registerService } from './register-service';
import { serviceDetails, windowDue } from './service-details';

/** What the docs show for a registration: the service, with optional credentials beside it. */
export const ServiceRegistrationDoc = ServiceFields.extend({
  credentials: HandedCredentials.optional(),
});

const TAG = 'services';
const WHO_PARTIES = "the service's provider or consumer organisation";

/** Measures the next closed window, up to now minus the settle lag; nothing when none has closed yet. */
export async function measureNow(serviceKey: string, context: RouteContext): Promise<Reply> {
  const before = await context.client.getService(serviceKey);
  if (before.status !== 'active') {
    throw new HttpProblem(409, 'failed-precondition', `service ${serviceKey} is deactivated`);
  }
  const window = windowDue(before, context.now());
  if (window === undefined) {
    const readable =
      before.meter.measuredUntil + before.sla.periodSeconds + before.sla.settleLagSeconds;
    return {
      status: 200,
      body: {
        measurement: null,
        upToDate: true,
        detail: `no window has closed since ${formatInstant(before.meter.measuredUntil)}; the next can be measured from ${formatInstant(readable)}`,
        service: serviceDetails(before),
      },
    };
  }
  const measurement = await context.client.measure(serviceKey, window.start, window.end);
  const after = await context.client.getService(serviceKey);
  return {
    status: 200,
    body: {
      measurement,
      upToDate: windowDue(after, context.now()) === undefined,
      service: serviceDetails(after),
    },
  };
}

/** The service routes, under a channel from the path or fixed (the legacy routes reuse them). */
export function serviceRoutes(base: string, channel: ChannelSource, legacy = false): Route[] {
  const location = (context: RouteContext) => (serviceKey: string) =>
    legacy
      ? `${base}/${encodeURIComponent(serviceKey)}`
      : channelPath(context.channel, 'services', serviceKey);
  const prefix = legacy ? `legacy${base.replace(/\W/g, '_')}_` : '';
  return [
    defineRoute({
      operationId: `${prefix}registerService`,
      method: 'post',
      path: base,
      tag: legacy ? 'legacy' : TAG,
      summary:
        "Register a monitored service with its SLA. Cloud credentials given beside it (`credentials`) go to the caller organisation's sealed credentials store under a generated `credentialsRef`, never to the ledger; the answer names the organisations that must configure the same ref.",
      who: WHO_PARTIES,
      access: 'write',
      channel,
      body: {
        schema: ServiceDefinition,
        root: 'service',
        doc: ServiceRegistrationDoc,
        acceptsCredentials: true,
      },
      success: { status: 201, description: 'the service as registered, with its meter' },
      errors: [409],
      ...(legacy ? { deprecated: true } : {}),
      handle: (input, context) => registerService(input, context, location(context)),
    }),
    defineRoute({
      operationId: `${prefix}listServices`,
      method: 'get',
      path: base,
      tag: legacy ? 'legacy' : TAG,
      summary: "The services the caller's organisation provides or consumes, a page at a time",
      who: 'any member of the channel',
      access: 'read',
      channel,
      query: PageQuery,
      success: { status: 200, description: 'a page of services' },
      ...(legacy ? { deprecated: true } : {}),
      handle: async ({ query }, context) => ({
        status: 200,
        body: pageBody(await context.client.listServices(pageRequest(query)), serviceDetails),
      }),
    }),
    defineRoute({
      operationId: `${prefix}getService`,
      method: 'get',
      path: `${base}/:serviceKey`,
      tag: legacy ? 'legacy' : TAG,
      summary: 'A service, its meter, its availability and the credit it would give so far',
      who: WHO_PARTIES,
      access: 'read',
      channel,
      params: ServiceKeyParams,
      success: { status: 200, description: 'the service' },
      ...(legacy ? { deprecated: true } : {}),
      handle: async ({ params }, context) => ({
        status: 200,
        body: serviceDetails(await context.client.getService(params.serviceKey)),
      }),
    }),
    defineRoute({
      operationId: `${prefix}measureService`,
      method: 'put',
      path: `${base}/:serviceKey`,
      tag: legacy ? 'legacy' : TAG,
      summary:
        'Measure now: the next closed window (at most 200 periods) up to now minus the settle lag, through the monitors',
      who: WHO_PARTIES,
      access: 'write',
      channel,
      params: ServiceKeyParams,
      success: {
        status: 200,
        description: 'the measured window (null when none has closed) and the service',
      },
      errors: [409],
      ...(legacy ? { deprecated: true } : {}),
      handle: ({ params }, context) => measureNow(params.serviceKey, context),
    }),
    ...(legacy
      ? []
      : [
          defineRoute({
            operationId: 'listMeasurements',
            method: 'get',
            path: `${base}/:serviceKey/measurements`,
            tag: TAG,
            summary: 'Measured windows of a service, oldest first, a page at a time',
            who: WHO_PARTIES,
            access: 'read',
            channel,
            params: ServiceKeyParams,
            query: PageQuery,
            success: { status: 200, description: 'a page of measurement records' },
            handle: async ({ params, query }, context) => ({
              status: 200,
              body: pageBody(
                await context.client.measurements(params.serviceKey, pageRequest(query)),
              ),
            }),
          }),
        ]),
  ];
}
