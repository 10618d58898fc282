import type { MeasurementRecord, SlaClient } from '../../src';

/** Every measurement record of a service, oldest first. */
export async function measurementsOf(
  client: SlaClient,
  serviceKey: string,
): Promise<MeasurementRecord[]> {
  const records: MeasurementRecord[] = [];
  let bookmark = '';
  do {
    const page = await client.measurements(serviceKey, { pageSize: 500, bookmark });
    records.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return records;
}

/**
 * How a service's measurements cover time: each record starts where the one
 * before it ended and carries the totals of every period before it, or the
 * first inconsistency (a gap, an overlap, a period counted twice).
 */
export async function coverageOf(
  client: SlaClient,
  serviceKey: string,
): Promise<{ from: number; until: number; periods: number } | { inconsistency: string }> {
  const records = await measurementsOf(client, serviceKey);
  const service = await client.getService(serviceKey);
  let until = service.sla.measuredFrom;
  let periods = 0;
  for (const record of records) {
    if (record.start !== until) {
      return { inconsistency: `record at ${record.start} after periods up to ${until}` };
    }
    const before = record.before.available + record.before.unavailable + record.before.excluded;
    if (before !== periods) {
      return {
        inconsistency: `record at ${record.start} counts ${before} periods before it, not ${periods}`,
      };
    }
    periods += record.verdicts.length;
    until = record.start + record.verdicts.length * record.periodSeconds;
  }
  if (until !== service.meter.measuredUntil) {
    return {
      inconsistency: `records end at ${until}, the meter at ${service.meter.measuredUntil}`,
    };
  }
  return { from: service.sla.measuredFrom, until, periods };
}
