import type { Route } from '../../src/api/routing/route';

/** A concrete path for a route template, with well-formed ids that need not exist. */
export function samplePath(template: string, changes: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    channel: 'channel-aws',
    serviceKey: 'svc-sample',
    offerId: 'offer-sample',
    agreementId: 'agreement-sample',
    sessionId: 'session-sample',
    proposalId: 'proposal-sample',
    accountId: encodeURIComponent('ConsumerOrgMSP::/CN=sample'),
    ...changes,
  };
  return template.replace(/:(\w+)/g, (_match, name: string) => values[name] ?? name);
}

/** A malformed value for each kind of path parameter, and the field the problem must name. */
export function malformedParameter(route: Route): { path: string; field: string } | undefined {
  const names = Object.keys(route.doc.params?.shape ?? {});
  const name = names[names.length - 1];
  if (name === undefined) return undefined;
  const bad =
    name === 'accountId' ? encodeURIComponent('no-separator') : encodeURIComponent('bad id!');
  return { path: samplePath(route.doc.path, { [name]: bad }), field: name };
}

export function describeRoute(route: Route): string {
  return `${route.doc.method.toUpperCase()} ${route.doc.path}`;
}
