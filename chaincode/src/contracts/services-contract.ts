import { Info, Returns, Transaction } from 'fabric-contract-api';
import { availabilityBp } from '../domain/availability';
import { AlreadyExists, FailedPrecondition } from '../domain/errors';
import { identifier, parseJson, parsePageSize } from '../domain/input';
import { NO_VERDICTS, type MeasurementRecord } from '../domain/measurement-blocks';
import { parseServiceDefinition, serviceParties } from '../domain/service';
import { parseUpdateRequests } from '../domain/update-requests';
import { parseInstant } from '../domain/time';
import type { MeterRecord, ServiceRecord } from '../state/records';
import { requireOrg } from './access';
import { measureServices, type UpdateRequest, type WindowMeasurement } from './measure-services';
import {
  measurementsPrefixOf,
  loadMeter,
  loadServiceAsParty,
  meterKeyOf,
  openAgreementsOf,
  serviceIndexKeyOf,
  serviceKeyOf,
} from './service-records';
import { SlaContract, result } from './sla-contract';
import { TxContext } from './tx-context';
import { KEY, attributesOf, stateKey } from '../state/keys';

@Info({
  title: 'services',
  description: 'Monitored services, their SLA terms and availability measurements',
})
export class ServicesContract extends SlaContract {
  constructor() {
    super('services');
  }

  /** Registers a service; only its provider or consumer organisation may. */
  @Transaction()
  @Returns('string')
  async Register(ctx: TxContext, serviceJson: string): Promise<string> {
    const definition = parseServiceDefinition(parseJson('serviceJson', serviceJson));
    const parties = serviceParties(definition);
    requireOrg(ctx.caller, parties, `register service ${definition.key}`);
    ctx.requireMembers('service.providerOrg', [definition.providerOrg]);
    ctx.requireMembers('service.consumerOrg', [definition.consumerOrg]);
    const key = serviceKeyOf(definition.key);
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
      totals: NO_VERDICTS,
      windows: 0,
    };
    await ctx.state.create(key, service, parties);
    await ctx.state.create(meterKeyOf(definition.key), meter, parties);
    for (const org of parties) {
      await ctx.state.createMarker(serviceIndexKeyOf(org, definition.key), parties);
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
  async Get(ctx: TxContext, serviceKey: string): Promise<string> {
    const service = await loadServiceAsParty(ctx, identifier('serviceKey', serviceKey), 'read');
    return result(view(service, await loadMeter(ctx, service.key)));
  }

  /** The services the caller's organisation provides or consumes, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async List(ctx: TxContext, pageSize: string, bookmark: string): Promise<string> {
    const page = await ctx.state.page<null>(
      stateKey(KEY.servicesOf, ctx.caller.mspId),
      parsePageSize(pageSize),
      bookmark,
    );
    const services = [];
    for (const entry of page.records) {
      const serviceKey = attributesOf(entry.key)[1] ?? '';
      const service = await ctx.state.require<ServiceRecord>(
        serviceKeyOf(serviceKey),
        'service',
        serviceKey,
      );
      services.push(view(service, await loadMeter(ctx, serviceKey)));
    }
    return result({ services, bookmark: page.bookmark });
  }

  /**
   * The measured windows of one service, oldest first, a page at a time:
   * each holds its verdicts and the totals of every period before it.
   */
  @Transaction(false)
  @Returns('string')
  async Measurements(
    ctx: TxContext,
    serviceKey: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const service = await loadServiceAsParty(ctx, identifier('serviceKey', serviceKey), 'read');
    const page = await ctx.state.page<MeasurementRecord>(
      measurementsPrefixOf(service.key),
      parsePageSize(pageSize),
      bookmark,
    );
    return result({
      measurements: page.records.map((entry) => entry.value),
      bookmark: page.bookmark,
    });
  }

  /** Measures one closed window [windowStart, windowEnd) of one service through its monitors. */
  @Transaction()
  @Returns('string')
  async Update(
    ctx: TxContext,
    serviceKey: string,
    windowStart: string,
    windowEnd: string,
  ): Promise<string> {
    const request: UpdateRequest = {
      serviceKey: identifier('serviceKey', serviceKey),
      start: parseInstant('windowStart', windowStart),
      end: parseInstant('windowEnd', windowEnd),
    };
    const [measurement] = (await measureServices(ctx, [request])) as [WindowMeasurement];
    ctx.emit('ServiceMeasured', summary(measurement));
    return result(measurement);
  }

  /**
   * Measures one window for each of up to 500 services in one transaction,
   * with grouped oracle queries. All or nothing: the error names the service
   * that failed; split the batch and retry the rest.
   */
  @Transaction()
  @Returns('string')
  async UpdateMany(ctx: TxContext, requestsJson: string): Promise<string> {
    const requests = parseUpdateRequests(requestsJson);
    const measurements = await measureServices(ctx, requests);
    ctx.emit('ServicesMeasured', {
      count: measurements.length,
      measurements: measurements.map(summary),
    });
    return result({ measurements });
  }

  /** Stops measuring a service; refused while an agreement that relies on it is unsettled. */
  @Transaction()
  @Returns('string')
  async Deactivate(ctx: TxContext, serviceKey: string): Promise<string> {
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
        `service ${service.key} backs agreements that are not settled yet (${open.join(', ')}); settle them first`,
      );
    }
    const deactivated: ServiceRecord = {
      ...service,
      status: 'deactivated',
      deactivatedAt: ctx.now,
    };
    await ctx.state.update(serviceKeyOf(service.key), deactivated);
    ctx.emit('ServiceDeactivated', { serviceKey: service.key });
    return result(view(deactivated, await loadMeter(ctx, service.key)));
  }
}

function view(service: ServiceRecord, meter: MeterRecord): Record<string, unknown> {
  const { available, unavailable, excluded } = meter.totals;
  return {
    ...service,
    meter: {
      measuredUntil: meter.measuredUntil,
      windows: meter.windows,
      available,
      unavailable,
      excluded,
      availabilityBp: availabilityBp({ measured: available + unavailable, available }),
    },
  };
}

function summary(measurement: WindowMeasurement): Record<string, unknown> {
  return {
    serviceKey: measurement.serviceKey,
    start: measurement.start,
    end: measurement.end,
    available: measurement.available,
    unavailable: measurement.unavailable,
    excluded: measurement.excluded,
  };
}
