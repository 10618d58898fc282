import { Info, Returns, Transaction } from 'fabric-contract-api';
import { availabilityBp } from '../domain/availability';
import { AlreadyExists, FailedPrecondition } from '../domain/errors';
import {
  arrayOf,
  asObject,
  identifier,
  onlyKnownFields,
  parseJson,
  uniqueBy,
} from '../domain/input';
import { parseServiceDefinition, serviceParties } from '../domain/service';
import { parseInstant } from '../domain/time';
import { INDEX, measurementKeys } from '../state/keys';
import type { MeasurementRecord, MeterRecord, ServiceRecord } from '../state/records';
import { requireOrg } from './access';
import { LedgerContext } from './ledger-context';
import { pageSizeArgument } from './paging';
import { LedgerContract, result } from './ledger-contract';
import { measureServices, type UpdateRequest } from './measure-services';
import {
  loadMeter,
  loadServiceAsParty,
  meterKeyOf,
  openAgreementsOf,
  serviceKeyOf,
} from './service-records';

/** One GetMetricData call covers 500 services' windows of up to 200 periods. */
export const MAX_BATCH = 500;

@Info({
  title: 'services',
  description: 'Monitored services, their SLA terms and availability measurements',
})
export class ServicesContract extends LedgerContract {
  constructor() {
    super('services');
  }

  /** Registers a service; only its provider or consumer organisation may. */
  @Transaction()
  @Returns('string')
  async Register(ctx: LedgerContext, serviceJson: string): Promise<string> {
    const definition = parseServiceDefinition(parseJson('serviceJson', serviceJson));
    requireOrg(ctx.caller, serviceParties(definition), `register service ${definition.key}`);
    const key = serviceKeyOf(ctx, definition.key);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('service', definition.key);
    }
    const service: ServiceRecord = {
      ...definition,
      status: 'active',
      registeredAt: ctx.now,
      registeredBy: ctx.caller.mspId,
    };
    const meter: MeterRecord = {
      serviceKey: definition.key,
      measuredUntil: definition.sla.measuredFrom,
      measuredPeriods: 0,
      availablePeriods: 0,
      windows: 0,
    };
    await ctx.state.put(key, service);
    await ctx.state.put(meterKeyOf(ctx, definition.key), meter);
    for (const org of serviceParties(definition)) {
      await ctx.state.putMarker(ctx.state.key(INDEX.servicesByParty, [org, definition.key]));
    }
    ctx.emit('ServiceRegistered', {
      serviceKey: definition.key,
      providerOrg: definition.providerOrg,
      consumerOrg: definition.consumerOrg,
    });
    return result(view(service, meter));
  }

  /** The service, its terms and how far it is measured. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: LedgerContext, serviceKey: string): Promise<string> {
    const service = await loadServiceAsParty(ctx, identifier('serviceKey', serviceKey), 'read');
    return result(view(service, await loadMeter(ctx, service.key)));
  }

  /** The services the caller's organisation provides or consumes, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async List(ctx: LedgerContext, pageSize: string, bookmark: string): Promise<string> {
    const size = pageSizeArgument(pageSize);
    const page = await ctx.state.page<null>(
      INDEX.servicesByParty,
      [ctx.caller.mspId],
      size,
      bookmark,
    );
    const services = [];
    for (const entry of page.records) {
      const serviceKey = ctx.state.attributesOf(entry.key)[1] ?? '';
      const service = await ctx.state.require<ServiceRecord>(
        serviceKeyOf(ctx, serviceKey),
        'service',
        serviceKey,
      );
      services.push(view(service, await loadMeter(ctx, serviceKey)));
    }
    return result({ services, bookmark: page.bookmark });
  }

  /** The measured windows of one service, oldest first, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async Measurements(
    ctx: LedgerContext,
    serviceKey: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const service = await loadServiceAsParty(ctx, identifier('serviceKey', serviceKey), 'read');
    const size = pageSizeArgument(pageSize);
    const [start, end] = measurementKeys.all(service.key);
    const page = await ctx.state.pageRange<MeasurementRecord>(start, end, size, bookmark);
    return result({
      measurements: page.records.map((entry) => entry.value),
      bookmark: page.bookmark,
    });
  }

  /** Measures one closed window [windowStart, windowEnd) of one service through its monitors. */
  @Transaction()
  @Returns('string')
  async Update(
    ctx: LedgerContext,
    serviceKey: string,
    windowStart: string,
    windowEnd: string,
  ): Promise<string> {
    const request: UpdateRequest = {
      serviceKey: identifier('serviceKey', serviceKey),
      start: parseInstant('windowStart', windowStart),
      end: parseInstant('windowEnd', windowEnd),
    };
    const [measurement] = await measureServices(ctx, [request]);
    ctx.emit('ServiceMeasured', summary(measurement as MeasurementRecord));
    return result(measurement);
  }

  /**
   * Measures one window for each of many services in one transaction, with
   * grouped oracle queries. All or nothing: the error names the service that
   * failed; split the batch and retry the rest.
   */
  @Transaction()
  @Returns('string')
  async UpdateMany(ctx: LedgerContext, requestsJson: string): Promise<string> {
    const requests = parseRequests(requestsJson);
    const measurements = await measureServices(ctx, requests);
    ctx.emit('ServicesMeasured', {
      count: measurements.length,
      serviceKeys: measurements.map((measurement) => measurement.serviceKey),
    });
    return result({ measurements });
  }

  /** Stops measuring a service; refused while an agreement that relies on it is unsettled. */
  @Transaction()
  @Returns('string')
  async Deactivate(ctx: LedgerContext, serviceKey: string): Promise<string> {
    const service = await loadServiceAsParty(
      ctx,
      identifier('serviceKey', serviceKey),
      'deactivate',
    );
    if (service.status !== 'active') {
      throw new FailedPrecondition(`service ${service.key} is already deactivated`);
    }
    const open = await openAgreementsOf(ctx, service.key);
    if (open.length > 0) {
      throw new FailedPrecondition(
        `service ${service.key} backs agreements that are not settled yet (${open.slice(0, 10).join(', ')}); settle them first`,
      );
    }
    const deactivated: ServiceRecord = {
      ...service,
      status: 'deactivated',
      deactivatedAt: ctx.now,
    };
    await ctx.state.put(serviceKeyOf(ctx, service.key), deactivated);
    ctx.emit('ServiceDeactivated', { serviceKey: service.key });
    return result(view(deactivated, await loadMeter(ctx, service.key)));
  }
}

function view(service: ServiceRecord, meter: MeterRecord): Record<string, unknown> {
  return {
    ...service,
    meter: {
      measuredUntil: meter.measuredUntil,
      measuredPeriods: meter.measuredPeriods,
      availablePeriods: meter.availablePeriods,
      windows: meter.windows,
      availabilityBp: availabilityBp({
        measured: meter.measuredPeriods,
        available: meter.availablePeriods,
      }),
    },
  };
}

function summary(measurement: MeasurementRecord): Record<string, unknown> {
  return {
    serviceKey: measurement.serviceKey,
    start: measurement.start,
    end: measurement.end,
    measured: measurement.measured,
    available: measurement.available,
  };
}

function parseRequests(text: string): UpdateRequest[] {
  const requests = arrayOf(
    'requests',
    parseJson('requestsJson', text),
    (field, value) => {
      const request = asObject(field, value);
      onlyKnownFields(field, request, ['serviceKey', 'windowStart', 'windowEnd']);
      return {
        serviceKey: identifier(`${field}.serviceKey`, request.serviceKey),
        start: parseInstant(`${field}.windowStart`, request.windowStart),
        end: parseInstant(`${field}.windowEnd`, request.windowEnd),
        field: `${field}.`,
      };
    },
    { min: 1, max: MAX_BATCH },
  );
  uniqueBy('requests', requests, (request) => request.serviceKey);
  return requests;
}
