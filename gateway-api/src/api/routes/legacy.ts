import type { Route } from '../routing/route';
import { serviceRoutes } from './services';

/**
 * The predecessor's routes, kept for its users: `/aws/services` and
 * `/azure/services` on `channel-aws` and `channel-azure`, answering as the
 * channel routes do. Their registrations may carry cloud credentials beside
 * the service; those go to the organisation's sealed store only.
 */
export const LEGACY_CHANNELS = { aws: 'channel-aws', azure: 'channel-azure' } as const;

export function legacyRoutes(): Route[] {
  return Object.entries(LEGACY_CHANNELS).flatMap(([provider, channel]) =>
    serviceRoutes(`/${provider}/services`, { fixed: channel }, true),
  );
}
